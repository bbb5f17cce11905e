// zoneadm: administer zones (illumos zoneadm(8)), a client of the zones
// service org.zones.Manager.
//
//   zoneadm help
//   zoneadm [-z zone] [-u uuid-match] list [-cipv]
//   zoneadm {-z zone | -u uuid-match} subcommand ...
//
// list, help, install, uninstall, verify, mark, ready, boot, halt,
// shutdown, reboot, apply, log, clone, move, detach and attach are
// implemented (one file each); the other illumos subcommands (mount,
// unmount, sysboot: private ones) are recognised and refused.
#include <sys/stat.h>
#include <unistd.h>

#include <strings.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "detect.hpp"
#include "zoneadm.hpp"

namespace zones::zoneadm {

const std::vector<client::ZoneSummary>& Context::zones() {
    if (!zones_)
        zones_ = client::list_zones(bus());
    return *zones_;
}

void Context::error(std::string_view message) const {
    std::string line = execname + ": ";
    if (target_zone)
        line += fmt::format("zone '{}': ", *target_zone);
    line += message;
    std::fprintf(stderr, "%s\n", line.c_str());
}

namespace {

// uuid_parse(3)'s syntax: 8-4-4-4-12 hex digits.
bool valid_uuid(std::string_view s) {
    if (s.size() != 36)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
        } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}

std::string basename_of(const char* argv0) {
    std::string s = argv0 != nullptr ? argv0 : "zoneadm";
    while (s.size() > 1 && s.back() == '/')
        s.pop_back();
    if (auto slash = s.rfind('/'); slash != std::string::npos && slash + 1 < s.size())
        s.erase(0, slash + 1);
    return s;
}

int run(Context& ctx, int argc, char* argv[]) {
    std::optional<std::string> uuid;
    opterr = 0;
    for (int c; (c = getopt(argc, argv, "+:u:z:R:")) != -1;) {
        switch (c) {
        case 'u':
            uuid = optarg;
            break;
        case 'z':
            ctx.target_zone = optarg;
            break;
        case 'R': {
            // Alternate roots name another boot environment's /etc/zones;
            // the service has one store, so only "/" makes sense.
            struct stat st {};
            if (optarg[0] != '/') {
                ctx.error("root path must be absolute.");
                return kErr;
            }
            if (stat(optarg, &st) != 0 || !S_ISDIR(st.st_mode)) {
                ctx.error("root path must be a directory.");
                return kErr;
            }
            struct stat root {};
            if (stat("/", &root) != 0 || root.st_dev != st.st_dev || root.st_ino != st.st_ino) {
                ctx.error("alternate roots are not supported.");
                return kErr;
            }
            break;
        }
        case ':':
            bad_option(ctx, static_cast<char>(optopt), true);
            usage(ctx, true);
            return kUsage;
        default:
            if (optopt != '?')
                bad_option(ctx, static_cast<char>(optopt), false);
            usage(ctx, true);
            return kUsage;
        }
    }
    if (optind >= argc) {
        usage(ctx, false);
        return kUsage;
    }

    if (ctx.in_zone) {
        // No service in a zone: only the zone itself is known.
        if (ctx.target_zone && *ctx.target_zone != *ctx.in_zone) {
            std::fprintf(stderr, "%s: %s: No such zone configured\n", ctx.execname.c_str(),
                         ctx.target_zone->c_str());
            return kErr;
        }
        ctx.target_zone.reset();
    } else if (uuid && !uuid->empty()) {
        if (!valid_uuid(*uuid)) {
            ctx.error("illegal UUID value specified");
            return kErr;
        }
        for (const client::ZoneSummary& z : ctx.zones())
            if (strcasecmp(z.uuid.c_str(), uuid->c_str()) == 0)
                ctx.target_zone = z.name;
    }
    // attach -n checks a manifest: its zone need not exist here (illumos).
    const bool attach_dry_run = [&] {
        if (optind >= argc || std::string_view(argv[optind]) != "attach") return false;
        for (int i = optind + 1; i < argc; ++i)
            if (std::string_view(argv[i]).rfind("-n", 0) == 0 ||
                (argv[i][0] == '-' && std::string_view(argv[i]).find('n') != std::string_view::npos))
                return true;
        return false;
    }();
    // The lifecycle verbs ask zonesd about their zone alone (zone_verb.cpp):
    // a list of every zone first would make each boot cost more as the
    // number of zones grows.
    const bool lifecycle = [&] {
        const auto c = optind < argc ? match_command(argv[optind]) : std::nullopt;
        return c && (*c == Cmd::Boot || *c == Cmd::Halt || *c == Cmd::Ready || *c == Cmd::Reboot ||
                     *c == Cmd::Shutdown);
    }();
    if (!ctx.in_zone && ctx.target_zone && *ctx.target_zone != "global" && !attach_dry_run && !lifecycle) {
        bool found = false;
        for (const client::ZoneSummary& z : ctx.zones())
            found = found || z.name == *ctx.target_zone;
        if (!found) {
            std::fprintf(stderr, "%s: %s: No such zone configured\n", ctx.execname.c_str(),
                         ctx.target_zone->c_str());
            return kErr;
        }
    }

    auto cmd = match_command(argv[optind]);
    if (!cmd) {
        usage(ctx, false);
        return kUsage;
    }
    // Inside a non-global zone (illumos): list shows only this zone, and
    // nothing else may be done from here.
    if (ctx.in_zone && *cmd != Cmd::Help) {
        if (*cmd == Cmd::List)
            return list_command(ctx, argc - optind, argv + optind);
        ctx.error(fmt::format("must be in the global zone to {} a zone.", command_name(*cmd)));
        return kErr;
    }
    switch (*cmd) {
    case Cmd::Help:
        return help_command(ctx, argc - optind, argv + optind);
    case Cmd::List:
        return list_command(ctx, argc - optind, argv + optind);
    case Cmd::Install:
        return install_command(ctx, argc - optind, argv + optind);
    case Cmd::Uninstall:
        return uninstall_command(ctx, argc - optind, argv + optind);
    case Cmd::Verify:
        return verify_command(ctx, argc - optind, argv + optind);
    case Cmd::Mark:
        return mark_command(ctx, argc - optind, argv + optind);
    case Cmd::Ready:
        return ready_command(ctx, argc - optind, argv + optind);
    case Cmd::Boot:
        return boot_command(ctx, argc - optind, argv + optind);
    case Cmd::Halt:
        return halt_command(ctx, argc - optind, argv + optind);
    case Cmd::Shutdown:
        return shutdown_command(ctx, argc - optind, argv + optind);
    case Cmd::Reboot:
        return reboot_command(ctx, argc - optind, argv + optind);
    case Cmd::Apply:
        return apply_command(ctx, argc - optind, argv + optind);
    case Cmd::Log:
        return log_command(ctx, argc - optind, argv + optind);
    case Cmd::Clone:
        return clone_command(ctx, argc - optind, argv + optind);
    case Cmd::Move:
        return move_command(ctx, argc - optind, argv + optind);
    case Cmd::Detach:
        return detach_command(ctx, argc - optind, argv + optind);
    case Cmd::Attach:
        return attach_command(ctx, argc - optind, argv + optind);
    default:
        ctx.error(fmt::format("{} operation is not supported yet.", command_name(*cmd)));
        return kErr;
    }
}

}  // namespace
}  // namespace zones::zoneadm

int main(int argc, char* argv[]) {
    using namespace zones::zoneadm;
    Context ctx;
    ctx.started_usec = zones::client::monotonic_usec();   // -v: phases count from here
    ctx.execname = basename_of(argv[0]);
    ctx.in_zone = zones::zonename::zone_of_dev_file();
    try {
        return run(ctx, argc, argv);
    } catch (const zones::ZoneError& e) {
        // The service's own line, e.g. "web: No such zone configured".
        return ctx.service_error(e);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", ctx.execname.c_str(), e.what());
        return kErr;
    }
}
