// zoneadm uninstall [-F]: installed or incomplete -> configured. Without
// -F the user is asked, and only a terminal can answer (illumos).
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "zoneadm.hpp"

namespace zones::zoneadm {

int uninstall_command(Context& ctx, int argc, char* argv[]) {
    bool force = false;
    if (auto rc = parse_options(ctx, Cmd::Uninstall, argc, argv, "F",
                                [&](int, const char*) { force = true; }))
        return *rc;
    if (optind < argc) {
        sub_usage(Cmd::Uninstall);
        return kUsage;
    }
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Uninstall, rc);
    if (!zone)
        return rc;
    // The state rule first, as illumos' sanity check: no question asked
    // about a zone that has nothing to uninstall.
    if (zone->state == "configured") {
        ctx.error("is already in state 'configured'.");
        return kErr;
    }
    if (!force) {
        if (!isatty(STDIN_FILENO)) {
            ctx.error("Input not from terminal and -F not specified: uninstall not done.");
            return kErr;
        }
        std::printf("Are you sure you want to uninstall zone %s (y/[n])? ", zone->name.c_str());
        std::fflush(stdout);
        std::string answer;
        if (!std::getline(std::cin, answer) || (answer.rfind('y', 0) != 0 && answer.rfind('Y', 0) != 0))
            return kOk;
    }
    try {
        client::uninstall_zone(ctx.bus(), zone->name, true);
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
