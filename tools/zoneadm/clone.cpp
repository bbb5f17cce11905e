// zoneadm clone [-m copy] [-s snapshot] zonename: this (configured) zone
// becomes a copy of an installed, halted zone (reflinks where the file
// system has them). The service says how it copied; warnings go to stderr.
#include <string_view>

#include "zoneadm.hpp"

namespace zones::zoneadm {

int clone_command(Context& ctx, int argc, char* argv[]) {
    std::vector<std::string> args;
    bool bad_method = false;
    if (auto rc = parse_options(ctx, Cmd::Clone, argc, argv, "m:s:", [&](int c, const char* arg) {
            // The only method there is, as in illumos: "copy".
            if (c == 'm' && std::string_view(arg) != "copy") bad_method = true;
            args.push_back(std::string("-") + static_cast<char>(c));
            args.push_back(arg);
        }))
        return *rc;
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Clone, rc);
    if (!zone)
        return rc;
    if (bad_method || optind + 1 != argc) {
        sub_usage(Cmd::Clone);
        return kUsage;
    }
    try {
        print_messages(client::clone_zone(ctx.bus(), zone->name, argv[optind], args));
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
