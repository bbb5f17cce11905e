// zoneadm verify and the checks before install (illumos zoneadm.c
// validate_zonepath / verify_details), with illumos' messages.
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <fstream>

#include <fmt/core.h>

#include "zones/fs_types.hpp"
#include "zones/install.hpp"
#include "zones/verify.hpp"
#include "zones/verify_net.hpp"

namespace zones::install {

namespace fs = std::filesystem;

namespace {

std::string trimmed(std::string p) {
    while (p.size() > 1 && p.back() == '/')
        p.pop_back();
    return p;
}

// a and b are the same directory or one holds the other.
bool overlap(const std::string& a, const std::string& b) {
    const std::string x = trimmed(a), y = trimmed(b);
    auto under = [](const std::string& outer, const std::string& inner) {
        return inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 &&
               (outer == "/" || inner[outer.size()] == '/');
    };
    return x == y || under(x, y) || under(y, x);
}

void check_mode(const std::string& path, mode_t mode, std::vector<std::string>& errors) {
    struct Bit {
        mode_t bit;
        bool wanted;
        const char* text;
    };
    for (const Bit& b : {Bit{S_IRUSR, true, "must be owner readable"},
                         Bit{S_IWUSR, true, "must be owner writable"},
                         Bit{S_IXUSR, true, "must be owner executable"},
                         Bit{S_IRGRP, false, "must not be group readable"},
                         Bit{S_IWGRP, false, "must not be group writable"},
                         Bit{S_IXGRP, false, "must not be group executable"},
                         Bit{S_IROTH, false, "must not be world readable"},
                         Bit{S_IWOTH, false, "must not be world writable"},
                         Bit{S_IXOTH, false, "must not be world executable"}})
        if (((mode & b.bit) != 0) != b.wanted)
            errors.push_back(fmt::format("{} {}.", path, b.text));
}

std::string missing_warning(const std::string& path) {
    return fmt::format(
        "WARNING: {0} does not exist, so it could not be verified.\n"
        "When 'zoneadm install' is run, 'install' will try to create\n"
        "{0}, and 'verify' will be tried again,\n"
        "but the 'verify' may fail if:\n"
        "the parent directory of {0} is group- or other-writable\n"
        "or\n"
        "{0} overlaps with any other installed zones.",
        path);
}

// Kernel file systems plus mount helpers: what `mount -t TYPE` can do.
// A type the fs plugin mounts and, for block types, this kernel knows.
bool fs_type_supported(const std::string& type) {
    if (!is_zone_fs_type(type))
        return false;
    if (type == "lofs" || type == "tmpfs")
        return true;
    std::ifstream in("/proc/filesystems");
    for (std::string line; std::getline(in, line);) {
        const auto tab = line.rfind('\t');
        if (line.substr(tab == std::string::npos ? 0 : tab + 1) == type)
            return true;
    }
    struct stat st {};
    for (const char* dir : {"/sbin/mount.", "/usr/sbin/mount."})
        if (::stat((std::string(dir) + type).c_str(), &st) == 0)
            return true;
    return false;
}

}  // namespace

Report check_zonepath(const ZoneConfig& cfg, ZoneState state, Purpose purpose,
                      const std::vector<OtherZone>& others) {
    Report r;
    const std::string path = cfg.zonepath;
    if (path.empty() || path[0] != '/') {
        r.errors.push_back(fmt::format("{} is not an absolute path.", path));
        return r;
    }
    if (trimmed(path) == "/") {
        r.errors.push_back(fmt::format("{} is its own parent.", path));
        return r;
    }

    for (const OtherZone& o : others) {
        if (o.name == cfg.name || !o.installed)
            continue;
        struct stat st {};
        if (purpose != Purpose::Boot && ::stat(o.zonepath.c_str(), &st) != 0)
            r.warnings.push_back(fmt::format(
                "WARNING: zone {} is installed, but its zonepath {} does not exist.", o.name,
                o.zonepath));
        if (overlap(path, o.zonepath))
            r.errors.push_back(fmt::format("{} zonepath ({}) and {} zonepath ({}) overlap.",
                                           cfg.name, path, o.name, o.zonepath));
    }

    std::optional<sys::Fd> fd;
    try {
        fd = safefs::open_host_dir(path, false);
    } catch (const ZoneError& e) {
        r.errors.emplace_back(e.what());
        return r;
    }
    if (!fd) {
        if (purpose != Purpose::Install)
            r.warnings.push_back(missing_warning(path));
        return r;
    }

    struct stat st {};
    if (::fstat(fd->get(), &st) != 0) {
        r.errors.push_back(fmt::format("{}: cannot stat", path));
        return r;
    }
    if (st.st_uid != 0)
        r.errors.push_back(fmt::format("{} is not owned by root.", path));
    check_mode(path, st.st_mode, r.errors);

    // The parent: root's, and nobody else may rename the zonepath away.
    sys::Fd parent(::openat(fd->get(), "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    struct stat pst {};
    const std::string ppath = fs::path(trimmed(path)).parent_path().string();
    if (parent && ::fstat(parent.get(), &pst) == 0) {
        if (pst.st_uid != 0)
            r.errors.push_back(fmt::format("{} is not owned by root.", ppath));
        if (pst.st_mode & S_IWGRP)
            r.errors.push_back(fmt::format("{} must not be group writable.", ppath));
        if (pst.st_mode & S_IWOTH)
            r.errors.push_back(fmt::format("{} must not be world writable.", ppath));
    }

    struct statfs sfs {};
    if (::fstatfs(fd->get(), &sfs) == 0) {
        if (sfs.f_type == TMPFS_MAGIC)
            r.warnings.push_back(fmt::format("WARNING: {} is on a temporary file system.", path));
        if (sfs.f_type == NFS_SUPER_MAGIC)
            r.errors.push_back(fmt::format(
                "Zonepath {} is on an NFS mounted file system.\n\tA local file system must be used.",
                path));
    }
    struct statvfs svfs {};
    if (::fstatvfs(fd->get(), &svfs) == 0 && (svfs.f_flag & ST_NOSUID))
        r.errors.push_back(fmt::format("Zonepath {} is on a nosuid file system.", path));

    // A configured zone has no root yet; one there belongs to someone.
    if (state == ZoneState::Configured) {
        sys::Fd root(::openat(fd->get(), "root",
                                       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        struct stat rst {};
        const bool exists = root || ::fstatat(fd->get(), "root", &rst, AT_SYMLINK_NOFOLLOW) == 0;
        bool empty = false;
        if (root) {
            try {
                empty = safefs::dir_is_empty(root.get(), path + "/root");
            } catch (const ZoneError&) {
            }
        }
        if (exists && !empty)
            r.errors.push_back(fmt::format("Cannot {} detached zone.\nUse attach or remove {} "
                                           "directory.",
                                           purpose == Purpose::Install ? "install" : "verify",
                                           (fs::path(trimmed(path)) / "root").string()));
    }
    return r;
}

Report verify_zone(const ZoneConfig& cfg, ZoneState state, Purpose purpose,
                   const std::vector<OtherZone>& others) {
    Report r;
    r.errors = verify_config(cfg);
    verify_net(cfg, others, r);
    for (const Fs& f : cfg.fs) {
        if (f.type == "proc" || f.type == "mntfs" || f.type == "autofs" || f.type == "nfs" ||
            f.type == "cachefs")
            r.errors.push_back(
                fmt::format("cannot verify fs {}: type {} is not allowed.", f.dir, f.type));
        else if (!f.type.empty() && !fs_type_supported(f.type))
            r.errors.push_back(
                fmt::format("cannot verify fs {}: type {} is not supported.", f.dir, f.type));
    }
    // verify_config has said what is wrong with a relative or "/" zonepath.
    if (cfg.zonepath.empty() || cfg.zonepath[0] != '/' || trimmed(cfg.zonepath) == "/")
        return r;
    Report z = check_zonepath(cfg, state, purpose, others);
    r.errors.insert(r.errors.end(), z.errors.begin(), z.errors.end());
    r.warnings.insert(r.warnings.end(), z.warnings.begin(), z.warnings.end());
    return r;
}

}  // namespace zones::install
