// zoneadm boot [-- boot_arguments]: installed/ready -> running; the
// arguments after "--" go to the zone's init.
#include "zoneadm.hpp"

namespace zones::zoneadm {

int boot_command(Context& ctx, int argc, char* argv[]) {
    if (auto rc = parse_options(ctx, Cmd::Boot, argc, argv, "", [](int, const char*) {}))
        return *rc;
    const std::string args = join_args(argc, argv, optind);
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Boot, rc);
    if (!zone)
        return rc;
    try {
        print_notice(ctx, client::boot_zone(ctx.bus(), zone->name, args));
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
