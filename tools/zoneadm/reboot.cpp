// zoneadm reboot [-- boot_arguments]: halt and boot a running zone (a new
// zone ID), nothing graceful.
#include "zoneadm.hpp"

namespace zones::zoneadm {

int reboot_command(Context& ctx, int argc, char* argv[]) {
    if (auto rc = parse_options(ctx, Cmd::Reboot, argc, argv, "", [](int, const char*) {}))
        return *rc;
    const std::string args = join_args(argc, argv, optind);
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Reboot, rc);
    if (!zone)
        return rc;
    try {
        print_notice(ctx, client::reboot_zone(ctx.bus(), zone->name, args));
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
