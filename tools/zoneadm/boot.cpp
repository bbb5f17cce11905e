// zoneadm boot [-- boot_arguments]: installed/ready -> running; the
// arguments after "--" go to the zone's init.
// zoneadm boot -a [-j jobs]: every zone with autoboot=true that is not
// running, in the order of boot-priority and boot-after, at most `jobs`
// boots at a time (what zones-autoboot.service runs at host start).
#include <cstdio>
#include <set>

#include <fmt/format.h>

#include "ordered_run.hpp"
#include "zoneadm.hpp"

namespace zones::zoneadm {
namespace {

int boot_all(Context& ctx, unsigned jobs) {
    std::vector<boot_order::Entry> todo;
    std::set<std::string> running;
    for (LiveZone& z : zones_with_order(ctx)) {
        if (z.state == "running")
            running.insert(z.entry.name);
        else if (z.autoboot)
            todo.push_back(std::move(z.entry));
    }
    const std::size_t total = todo.size();
    boot_order::Scheduler scheduler(std::move(todo), boot_order::Scheduler::Direction::Boot,
                                    running);
    const RunOutcome out = run_ordered(
        ctx, scheduler, "boot", jobs,
        [](const client::Bus& bus, const std::string& zone) {
            return client::boot_zone(bus, zone, "");
        });
    return run_status(ctx, out, total, "did not boot");
}

}  // namespace

int boot_command(Context& ctx, int argc, char* argv[]) {
    bool all = false;
    bool verbose = false;   // -v: where the time went
    const char* jobs_text = nullptr;
    if (auto rc = parse_options(ctx, Cmd::Boot, argc, argv, "aj:v", [&](int c, const char* arg) {
            if (c == 'a')
                all = true;
            else if (c == 'v')
                verbose = true;
            else
                jobs_text = arg;
        }))
        return *rc;
    if (all || jobs_text) {
        // -a is for every autoboot zone: no -z, no boot arguments.
        if (!all) {
            ctx.error("-j goes with -a");
            return kUsage;
        }
        if (ctx.target_zone) {
            ctx.error("-a boots every autoboot zone: give no -z");
            return kUsage;
        }
        if (verbose) {
            ctx.error("-v times one zone's boot: give -z, not -a");
            return kUsage;
        }
        if (optind < argc) {
            sub_usage(Cmd::Boot);
            return kUsage;
        }
        unsigned jobs = default_boot_jobs();
        if (jobs_text) {
            auto j = parse_count(jobs_text, kMaxJobs);
            if (!j) {
                ctx.error(fmt::format("invalid number of jobs '{}': 1 to {}", jobs_text, kMaxJobs));
                return kUsage;
            }
            jobs = *j;
        }
        try {
            return boot_all(ctx, jobs);
        } catch (const ZoneError& e) {
            return ctx.service_error(e);
        }
    }
    const std::string args = join_args(argc, argv, optind);
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Boot, rc);
    if (!zone)
        return rc;
    try {
        if (verbose)
            print_timed(ctx, "boot", zone->name,
                        client::boot_zone_timed(ctx.bus(), zone->name, args, ctx.started_usec));
        else
            print_notice(ctx, client::boot_zone(ctx.bus(), zone->name, args));
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
