// zoneadm mark incomplete: the one state an administrator may force.
#include <string_view>

#include "zoneadm.hpp"

namespace zones::zoneadm {

int mark_command(Context& ctx, int argc, char* argv[]) {
    if (auto rc = parse_options(ctx, Cmd::Mark, argc, argv, "", [](int, const char*) {}))
        return *rc;
    if (optind + 1 != argc || std::string_view(argv[optind]) != "incomplete") {
        sub_usage(Cmd::Mark);
        return kUsage;
    }
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Mark, rc);
    if (!zone)
        return rc;
    try {
        client::mark_incomplete(ctx.bus(), zone->name);
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
