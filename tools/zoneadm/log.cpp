// zoneadm log [-n lines]: the zone's administrative history from the audit
// journal, through the service (Manager.GetZoneLog): who did what to the
// zone, when, with what result. Not in illumos (SmartOS and zadm have zone
// logs of other kinds). Who may read it: root, the zone's `admin` users,
// and whom polkit grants org.zones.manage for the zone.
#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "log_format.hpp"
#include "zoneadm.hpp"

namespace zones::zoneadm {

int log_command(Context& ctx, int argc, char* argv[]) {
    long count = 10;
    bool bad = false;
    if (auto rc = parse_options(ctx, Cmd::Log, argc, argv, "n:", [&](int c, const char* arg) {
            if (c != 'n')
                return;
            char* end = nullptr;
            errno = 0;
            count = std::strtol(arg, &end, 10);
            bad = bad || errno != 0 || end == arg || *end != '\0' || count < 1 || count > 10000;
        }))
        return *rc;
    if (bad) {
        ctx.error("-n: the number of entries must be 1 to 10000");
        return kUsage;
    }
    if (optind < argc) {
        sub_usage(Cmd::Log);
        return kUsage;
    }
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Log, rc);
    if (!zone)
        return rc;
    try {
        std::vector<LogLine> lines;
        for (client::LogEntry& e : client::zone_log(ctx.bus(), zone->name, static_cast<std::uint32_t>(count)))
            lines.push_back({e.usec, std::move(e.user), e.uid, e.pid, std::move(e.verb),
                             std::move(e.result), std::move(e.authorized_by), std::move(e.detail)});
        std::fputs(format_log(lines).c_str(), stdout);
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
