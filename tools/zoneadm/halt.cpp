// zoneadm halt: ready/running -> installed, nothing graceful.
#include "zoneadm.hpp"

namespace zones::zoneadm {

int halt_command(Context& ctx, int argc, char* argv[]) {
    bool verbose = false;   // -v: where the time went
    if (auto rc = parse_options(ctx, Cmd::Halt, argc, argv, "v",
                                [&](int, const char*) { verbose = true; }))
        return *rc;
    if (optind < argc) {
        sub_usage(Cmd::Halt);
        return kUsage;
    }
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Halt, rc);
    if (!zone)
        return rc;
    try {
        if (verbose)
            print_timed(ctx, "halt", zone->name, client::halt_zone_timed(ctx.bus(), zone->name, ctx.started_usec));
        else
            print_notice(ctx, client::halt_zone(ctx.bus(), zone->name));
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
