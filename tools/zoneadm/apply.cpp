// zoneadm apply: change a ready or running zone in place to match its
// stored configuration (after zonecfg changed a limit), without a reboot,
// all or nothing (Oracle Solaris 11's zoneadm apply; illumos has none).
#include <cstdio>

#include "zoneadm.hpp"

namespace zones::zoneadm {

int apply_command(Context& ctx, int argc, char* argv[]) {
    if (auto rc = parse_options(ctx, Cmd::Apply, argc, argv, "", [](int, const char*) {}))
        return *rc;
    if (optind < argc) {
        sub_usage(Cmd::Apply);
        return kUsage;
    }
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Apply, rc);
    if (!zone)
        return rc;
    try {
        client::MessagePtr m = ctx.bus().manager_call("Apply");
        client::check(sd_bus_message_append(m.get(), "s", zone->name.c_str()), "Apply");
        client::MessagePtr reply = ctx.bus().call(m.get(), zone->name);
        const char* notice = nullptr;
        client::check(sd_bus_message_read(reply.get(), "s", &notice), "Apply reply");
        print_notice(ctx, notice != nullptr ? notice : "");
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
