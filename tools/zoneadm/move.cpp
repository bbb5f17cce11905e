// zoneadm move zonepath: an installed, halted zone moves to a new zonepath
// (a rename on one file system, else a copy and the old one removed).
#include "zoneadm.hpp"

namespace zones::zoneadm {

int move_command(Context& ctx, int argc, char* argv[]) {
    if (auto rc = parse_options(ctx, Cmd::Move, argc, argv, "", [](int, const char*) {}))
        return *rc;
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Move, rc);
    if (!zone)
        return rc;
    if (optind + 1 != argc) {
        sub_usage(Cmd::Move);
        return kUsage;
    }
    try {
        print_messages(client::move_zone(ctx.bus(), zone->name, argv[optind]));
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
