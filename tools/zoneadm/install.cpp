// zoneadm install [-x nodataset] [-a archive | -d path]: configured ->
// installed. The brand arguments go to the service; relative paths are
// made absolute here, where the user's working directory is known.
#include <filesystem>
#include <system_error>

#include "zoneadm.hpp"

namespace zones::zoneadm {

int install_command(Context& ctx, int argc, char* argv[]) {
    std::vector<std::string> args;
    auto absolute = [](const char* p) {
        std::error_code ec;
        std::filesystem::path a = std::filesystem::absolute(p, ec);
        return ec ? std::string(p) : a.lexically_normal().string();
    };
    if (auto rc = parse_options(ctx, Cmd::Install, argc, argv, "a:d:x:",
                                [&](int c, const char* arg) {
                                    args.push_back(std::string("-") + static_cast<char>(c));
                                    args.push_back(c == 'x' ? std::string(arg) : absolute(arg));
                                }))
        return *rc;
    if (optind < argc) {
        sub_usage(Cmd::Install);
        return kUsage;
    }
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Install, rc);
    if (!zone)
        return rc;
    try {
        client::install_zone(ctx.bus(), zone->name, args);
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
