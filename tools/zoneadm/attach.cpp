// zoneadm attach [-F] [-n path]: a configured zone whose zonepath holds a
// detached zone becomes installed once the service has checked it
// against this host; -F without checks; -n path checks a manifest (a
// file, or "-" for stdin) and changes nothing.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "zoneadm.hpp"

namespace zones::zoneadm {

namespace {

constexpr std::size_t kMaxManifest = 1024 * 1024;

// The manifest as the user can read it: the service never opens a path
// for a dry run.
std::optional<std::string> read_manifest(const Context& ctx, const std::string& path) {
    int fd = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        std::error_code ec;
        const std::string cwd = path[0] == '/' ? "" : std::filesystem::current_path(ec).string() + "/";
        ctx.error(fmt::format("could not open manifest path {}{}: {}", cwd, path, std::strerror(errno)));
        return std::nullopt;
    }
    std::string text;
    char buf[8192];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) != 0;) {
        if (n < 0) {
            if (errno == EINTR) continue;
            ctx.error(fmt::format("could not read manifest path {}: {}", path, std::strerror(errno)));
            text.clear();
            break;
        }
        text.append(buf, static_cast<std::size_t>(n));
        if (text.size() > kMaxManifest) {
            ctx.error(fmt::format("{} is not an XML file", path));
            text.clear();
            break;
        }
    }
    if (fd != STDIN_FILENO) ::close(fd);
    if (text.empty()) return std::nullopt;
    return text;
}

}  // namespace

int attach_command(Context& ctx, int argc, char* argv[]) {
    bool force = false;
    std::optional<std::string> dry_run;
    if (auto rc = parse_options(ctx, Cmd::Attach, argc, argv, "Fn:", [&](int c, const char* arg) {
            if (c == 'F') force = true;
            else dry_run = arg;
        }))
        return *rc;
    if (force && dry_run) {
        ctx.error("-F and -n flags are mutually exclusive");
        return kErr;
    }
    if (dry_run) {
        if (optind < argc) {
            sub_usage(Cmd::Attach);
            return kUsage;
        }
        // No zone needs to exist here (illumos: the manifest names it).
        auto text = read_manifest(ctx, *dry_run);
        if (!text) return kErr;
        try {
            print_messages(client::check_manifest(ctx.bus(), *text));
        } catch (const ZoneError& e) {
            return ctx.service_error(e);
        }
        return kOk;
    }
    int rc = kOk;
    auto zone = verb_target(ctx, Cmd::Attach, rc);
    if (!zone)
        return rc;
    if (optind < argc) {
        sub_usage(Cmd::Attach);
        return kUsage;
    }
    try {
        print_messages(client::attach_zone(ctx.bus(), zone->name, force));
    } catch (const ZoneError& e) {
        return ctx.service_error(e);
    }
    return kOk;
}

}  // namespace zones::zoneadm
