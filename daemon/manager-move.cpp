// zoneadm move NEWPATH: an installed (halted) zone's zonepath moves: a
// rename on the same file system, else a copy (reflinks where they work)
// and the old zonepath removed after the configuration says the new one.
// illumos move_func's rules and messages.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include <fmt/format.h>

#include "log.hpp"
#include "manager.hpp"
#include "manager-rules.hpp"
#include "zones/clone.hpp"

namespace zones::daemon {
namespace {

namespace fs = std::filesystem;

bool inside(const std::string& path, const std::string& dir) {
    return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

}  // namespace

void Manager::save_installed(const ZoneConfig& cfg) {
    std::lock_guard lock(write_mu_);
    store_.save(cfg, cfg.name);
    refresh_locked();
}

std::vector<std::string> Manager::move(const std::string& name, const std::string& zonepath) {
    const ZoneInfo z = current(name);
    refuse_busy(name);
    refuse_active(z, "move");
    if (z.state != ZoneState::Installed)
        throw in_zone(ErrorKind::InvalidState, name, "must be installed before move.");
    if (zonepath.empty() || zonepath[0] != '/')
        throw in_zone(ErrorKind::Invalid, name, fmt::format("{} is not an absolute path.", zonepath));
    const std::string to = fs::path(zonepath).lexically_normal().string();
    if (to == "/")
        throw in_zone(ErrorKind::Invalid, name, "/ is not allowed as a zonepath.");
    ZoneConfig cfg = store_.load(name);
    const std::string from = fs::path(cfg.zonepath).lexically_normal().string();
    if (to == from || inside(to, from) || inside(from, to))
        throw in_zone(ErrorKind::Invalid, name,
                      fmt::format("could not move zone to {}: it overlaps the zone's zonepath {}", to, from));

    // The new zonepath as install makes one (parents 0755, itself 0700),
    // empty, and passing install's checks against the other zones.
    auto to_fd = safefs::open_host_dir(to, true, 0700);
    if (!to_fd) throw in_zone(ErrorKind::Internal, name, fmt::format("{}: cannot create", to));
    if (!safefs::dir_is_empty(to_fd->get(), to))
        throw ZoneError(ErrorKind::Invalid, fmt::format("could not move zone to {}: directory not empty", to));
    ZoneConfig moved = cfg;
    moved.zonepath = to;
    std::vector<install::OtherZone> others;
    for (install::OtherZone& o : installed_zones())
        if (o.name != name) others.push_back(std::move(o));
    const install::Report report = install::check_zonepath(moved, z.state, install::Purpose::Install, others);
    if (!report.ok()) {
        ::rmdir(to.c_str());
        throw ZoneError(ErrorKind::VerifyFailed, report_text(name, report));
    }

    auto from_fd = safefs::open_host_dir(from, false);
    if (!from_fd) throw in_zone(ErrorKind::Internal, name, fmt::format("{}: the zonepath is missing", from));
    struct stat fs_from {}, fs_to {}, fs_root {};
    ::fstat(from_fd->get(), &fs_from);
    ::fstat(to_fd->get(), &fs_to);
    if (::fstatat(from_fd->get(), "root", &fs_root, AT_SYMLINK_NOFOLLOW) == 0 && fs_root.st_dev != fs_from.st_dev)
        throw in_zone(ErrorKind::InvalidState, name,
                      fmt::format("{}/root is a mount point: unmount it, move the zone, mount it again", from));

    std::vector<std::string> lines;
    bool renamed = false;
    if (fs_from.st_dev == fs_to.st_dev) {
        // Same file system: one rename (the empty new directory goes first).
        auto from_parent = safefs::open_host_dir(fs::path(from).parent_path(), false);
        auto to_parent = safefs::open_host_dir(fs::path(to).parent_path(), false);
        const std::string from_name = fs::path(from).filename(), to_name = fs::path(to).filename();
        if (from_parent && to_parent && ::unlinkat(to_parent->get(), to_name.c_str(), AT_REMOVEDIR) == 0) {
            if (::renameat(from_parent->get(), from_name.c_str(), to_parent->get(), to_name.c_str()) == 0) {
                renamed = true;
            } else {
                const int e = errno;
                ::mkdirat(to_parent->get(), to_name.c_str(), 0700);
                if (e != EXDEV) throw in_zone(ErrorKind::Internal, name, fmt::format("could not move zone: {}",
                                                                                     std::strerror(e)));
            }
        }
        if (renamed) {
            try {
                save_installed(moved);
            } catch (const ZoneError& e) {
                // Put it back: the configuration still names the old path.
                ::renameat(to_parent->get(), to_name.c_str(), from_parent->get(), from_name.c_str());
                throw in_zone(ErrorKind::Internal, name, fmt::format("could not set new zonepath: {}", e.what()));
            }
            log_info(name, fmt::format("moved from {} to {} (rename)", from, to));
            return lines;
        }
        to_fd = safefs::open_host_dir(to, true, 0700);
    }

    lines.push_back(fmt::format("Moving across file systems; copying zonepath {}...", from));
    const safefs::RootDir src(std::move(*from_fd), from);
    const safefs::RootDir dst(std::move(*to_fd), to);
    try {
        install::copy_contents(src, dst, install::reflinks_work(src.fd(), dst.fd()) ? install::CopyMethod::Reflink
                                                                                     : install::CopyMethod::Copy);
        save_installed(moved);
    } catch (const ZoneError& e) {
        // The old zonepath is untouched: remove the half-made new one.
        try {
            safefs::remove_contents(dst.fd(), to);
            ::rmdir(to.c_str());
        } catch (const ZoneError&) {
        }
        log_error(name, fmt::format("move to {} failed: {}", to, e.what()));
        throw in_zone(ErrorKind::Internal, name, e.what());
    }
    lines.push_back(fmt::format("Cleaning up zonepath {}...", from));
    try {
        if (auto parent = safefs::open_host_dir(fs::path(from).parent_path(), false))
            safefs::remove_tree(parent->get(), fs::path(from).filename(), from);
    } catch (const ZoneError& e) {
        lines.push_back(fmt::format("WARNING: zone '{}': could not remove the old zonepath: {}", name, e.what()));
    }
    log_info(name, fmt::format("moved from {} to {} (copy)", from, to));
    return lines;
}

}  // namespace zones::daemon
