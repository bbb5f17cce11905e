// zoneadm shutdown [-r [-- boot_arguments]]: stop a running zone through
// its own init, waiting until it is down; -r boots it again.
#include "zoneadm.hpp"

namespace zones::zoneadm {

int shutdown_command(Context& ctx, int argc, char* argv[]) {
    bool reboot = false;
    if (auto rc = parse_options(ctx, Cmd::Shutdown, argc, argv, "r",
                                [&](int, const char*) { reboot = true; }))
        return *rc;
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
