// zoneadm verify: silence and 0 when the zone can be installed or booted
// here; the problems and "zone NAME failed to verify" otherwise.
#include <cstdio>

#include "zoneadm.hpp"

namespace zones::zoneadm {

int verify_command(Context& ctx, int argc, char* argv[]) {
    if (auto rc = parse_options(ctx, Cmd::Verify, argc, argv, "", [](int, const char*) {}))
        return *rc;
    if (optind < argc) {
        sub_usage(Cmd::Verify);
        return kUsage;
    }
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Verify, rc);
    if (!zone)
        return rc;
    try {
        for (const std::string& w : client::verify_zone(ctx.bus(), zone->name))
            std::fprintf(stderr, "%s\n", w.c_str());
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
