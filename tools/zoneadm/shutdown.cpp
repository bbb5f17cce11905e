// zoneadm shutdown [-r [-- boot_arguments]]: stop a running zone through
// its own init, waiting until it is down; -r boots it again.
// zoneadm shutdown -a [-j jobs] [-t seconds]: every ready or running zone,
// in the reverse order of boot-priority and boot-after, within `seconds`
// in all: a zone's init gets what is left of them, and a zone whose turn
// comes after they ran out is halted at once (zones-autoboot.service at
// host shutdown).
#include <chrono>
#include <cstdio>
#include <map>

#include <fmt/format.h>

#include "ordered_run.hpp"
#include "zoneadm.hpp"

namespace zones::zoneadm {
namespace {

int shutdown_all(Context& ctx, unsigned jobs, unsigned seconds) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::seconds(seconds);
    std::vector<boot_order::Entry> todo;
    std::map<std::string, std::string> state;
    for (LiveZone& z : zones_with_order(ctx)) {
        if (z.state == "configured" || z.state == "incomplete" || z.state == "installed")
            continue;
        state[z.entry.name] = z.state;
        todo.push_back(std::move(z.entry));
    }
    const std::size_t total = todo.size();
    boot_order::Scheduler scheduler(std::move(todo), boot_order::Scheduler::Direction::Stop);
    const RunOutcome out = run_ordered(
        ctx, scheduler, "shutdown", jobs,
        [&](const client::Bus& bus, const std::string& zone) -> std::string {
            const auto left =
                std::chrono::ceil<std::chrono::seconds>(deadline - Clock::now()).count();
            if (left < 1) {
                std::string notice = client::halt_zone(bus, zone);
                return notice.empty() ? fmt::format("halted: the {} seconds were up", seconds)
                                      : notice;
            }
            if (state.at(zone) != "running")
                return client::halt_zone(bus, zone);
            try {
                return client::shutdown_zone_within(bus, zone, static_cast<unsigned>(left));
            } catch (const ZoneError& e) {
                // Whatever kept init from it, the zone must still go down.
                std::string notice = client::halt_zone(bus, zone);
                return fmt::format("shutdown failed ({}); halted", e.what()) +
                       (notice.empty() ? "" : ": " + notice);
            }
        });
    return run_status(ctx, out, total, "could not be shut down");
}

}  // namespace

int shutdown_command(Context& ctx, int argc, char* argv[]) {
    bool reboot = false, all = false;
    const char* jobs_text = nullptr;
    const char* seconds_text = nullptr;
    if (auto rc = parse_options(ctx, Cmd::Shutdown, argc, argv, "raj:t:",
                                [&](int c, const char* arg) {
                                    if (c == 'r')
                                        reboot = true;
                                    else if (c == 'a')
                                        all = true;
                                    else if (c == 'j')
                                        jobs_text = arg;
                                    else
                                        seconds_text = arg;
                                }))
        return *rc;
    if (all || jobs_text || seconds_text) {
        if (!all) {
            ctx.error("-j and -t go with -a");
            return kUsage;
        }
        if (ctx.target_zone) {
            ctx.error("-a shuts down every zone: give no -z");
            return kUsage;
        }
        if (reboot || optind < argc) {
            sub_usage(Cmd::Shutdown);
            return kUsage;
        }
        unsigned jobs = kDefaultStopJobs, seconds = kDefaultStopSeconds;
        if (jobs_text) {
            auto j = parse_count(jobs_text, kMaxJobs);
            if (!j) {
                ctx.error(fmt::format("invalid number of jobs '{}': 1 to {}", jobs_text, kMaxJobs));
                return kUsage;
            }
            jobs = *j;
        }
        if (seconds_text) {
            auto t = parse_count(seconds_text, 3600);
            if (!t) {
                ctx.error(fmt::format("invalid timeout '{}': 1 to 3600 seconds", seconds_text));
                return kUsage;
            }
            seconds = *t;
        }
        try {
            return shutdown_all(ctx, jobs, seconds);
        } catch (const ZoneError& e) {
            return ctx.service_error(e);
        }
    }
    // Boot arguments only make sense for the boot that -r asks for.
    if (optind < argc && !reboot) {
        sub_usage(Cmd::Shutdown);
        return kUsage;
    }
    const std::string args = join_args(argc, argv, optind);
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Shutdown, rc);
    if (!zone)
        return rc;
    try {
        print_notice(ctx, client::shutdown_zone(ctx.bus(), zone->name, reboot, args));
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
