// zoneadm detach [-n]: an installed, halted zone writes its manifest
// (ZONEPATH/SUNWdetached.xml) and becomes configured; -n prints the
// manifest and changes nothing.
#include <cstdio>

#include "zoneadm.hpp"

namespace zones::zoneadm {

int detach_command(Context& ctx, int argc, char* argv[]) {
    bool dry_run = false;
    if (auto rc = parse_options(ctx, Cmd::Detach, argc, argv, "n", [&](int, const char*) { dry_run = true; }))
        return *rc;
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Detach, rc);
    if (!zone)
        return rc;
    if (optind < argc) {
        sub_usage(Cmd::Detach);
        return kUsage;
    }
    try {
        const std::string manifest = client::detach_zone(ctx.bus(), zone->name, dry_run);
        std::fputs(manifest.c_str(), stdout);
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
