// zoneadm mark incomplete|unavailable: the states an administrator may
// force (unavailable is Oracle Solaris 11's: installed, but not booted
// until attach has checked it again).
#include <string_view>

#include "zoneadm.hpp"

namespace zones::zoneadm {

int mark_command(Context& ctx, int argc, char* argv[]) {
    if (auto rc = parse_options(ctx, Cmd::Mark, argc, argv, "", [](int, const char*) {}))
        return *rc;
    if (optind + 1 != argc ||
        (std::string_view(argv[optind]) != "incomplete" && std::string_view(argv[optind]) != "unavailable")) {
        sub_usage(Cmd::Mark);
        return kUsage;
    }
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Mark, rc);
    if (!zone)
        return rc;
    try {
        client::mark_zone(ctx.bus(), zone->name, argv[optind]);
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
