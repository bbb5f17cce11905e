// zoneadm ready: installed -> ready (the platform, no zone process).
#include "zoneadm.hpp"

namespace zones::zoneadm {

int ready_command(Context& ctx, int argc, char* argv[]) {
    bool verbose = false;   // -v: where the time went
    if (auto rc = parse_options(ctx, Cmd::Ready, argc, argv, "v",
                                [&](int, const char*) { verbose = true; }))
        return *rc;
    if (optind < argc) {
        sub_usage(Cmd::Ready);
        return kUsage;
    }
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Ready, rc);
    if (!zone)
        return rc;
    try {
        if (verbose)
            print_timed(ctx, "ready", zone->name, client::ready_zone_timed(ctx.bus(), zone->name, ctx.started_usec));
        else
            print_notice(ctx, client::ready_zone(ctx.bus(), zone->name));
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
