// fs: the zone's file systems, inside the zone's mount namespace before
// pivot_root (zoneadmd has already bound ZONEPATH/root onto itself, the
// mount pivot_root needs, so every plugin finds the root mounted). inherit-pkg-dir = read-only recursive bind of the host dir
// (suid kept: sparse zones run the host's su/passwd; nodev), fs resources
// (lofs, tmpfs, block devices of a few types), a fresh read-only sysfs
// (it shows the zone's net namespace), and the /proc mount point (/proc
// itself belongs to each boot). Nothing is mounted on the host, so
// teardown has nothing to do: the mounts go with the namespace.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/mount_util.hpp"
#include "zones/fs_types.hpp"
#include "zones/subsystem.hpp"

namespace {

using zones::Context;
using zones::Result;
using namespace zones::plugin;

// Map illumos fs options to mount attributes; `data` keeps what the file
// system itself parses (tmpfs size=/mode=, block fs specifics).
struct Options {
    unsigned long long attr = 0;   // MOUNT_ATTR_*
    unsigned long flags = 0;       // MS_* (fresh mounts)
    std::string data;
    std::string error;
};

Options parse_options(const zones::Fs& fs) {
    Options o;
    const bool lofs = fs.type == "lofs";
    for (const auto& opt : fs.options) {
        if (opt == "ro") { o.attr |= MOUNT_ATTR_RDONLY; o.flags |= MS_RDONLY; }
        else if (opt == "rw" || opt == "devices" || opt == "setuid" || opt == "exec") {}
        else if (opt == "nodevices" || opt == "nodev") { o.attr |= MOUNT_ATTR_NODEV; o.flags |= MS_NODEV; }
        else if (opt == "nosuid" || opt == "nosetuid") { o.attr |= MOUNT_ATTR_NOSUID; o.flags |= MS_NOSUID; }
        else if (opt == "noexec") { o.attr |= MOUNT_ATTR_NOEXEC; o.flags |= MS_NOEXEC; }
        else if (!lofs && (fs.type != "tmpfs" || opt.rfind("size=", 0) == 0 || opt.rfind("mode=", 0) == 0)) {
            if (opt.find(',') != std::string::npos) { o.error = fmt::format("bad option '{}'", opt); break; }
            if (!o.data.empty()) o.data += ',';
            o.data += opt;
        } else {
            o.error = fmt::format("option '{}' not supported for type {}", opt, fs.type);
            break;
        }
    }
    return o;
}

// One fs resource onto its mount point, which is opened inside the root.
Status mount_fs(int root_fd, const zones::Fs& fs, int userns_fd, int* no_idmap) {
    Options o = parse_options(fs);
    if (!o.error.empty()) return {o.error};
    Fd target;
    if (Status s = open_in_root(root_fd, fs.dir, Kind::Dir, true, target); !s.ok()) return s;
    if (fs.type == "lofs")
        return bind_tree(fs.special, target.get(), o.attr, true, userns_fd, no_idmap);
    if (fs.type == "tmpfs")
        return mount_fresh("swap", target.get(), "tmpfs", o.flags | MS_NODEV | MS_NOSUID, o.data);
    struct stat st {};
    if (::stat(fs.special.c_str(), &st) < 0) return errno_status(fs.special, errno);
    if (!S_ISBLK(st.st_mode)) return {fmt::format("{}: not a block device", fs.special)};
    return mount_fresh(fs.special.c_str(), target.get(), fs.type.c_str(), o.flags | MS_NODEV, o.data);
}

// A tree bind_tree could not idmap (overlayfs, among others) is bound
// plainly: its host owners show as nobody in the zone. Said, not failed.
void warn_not_idmapped(const Context& ctx, const std::string& what, const std::string& host_src, int e) {
    if (e != 0)
        std::fprintf(stderr, "zone '%s': fs: WARNING: %s: %s cannot be idmapped (%s): bound without an idmap, so its files "
                     "show as owned by nobody in the zone\n", ctx.zone.c_str(), what.c_str(), host_src.c_str(),
                     std::strerror(e));
}

class FsSubsystem final : public zones::Subsystem {
public:
    const char* name() const noexcept override { return "fs"; }

    Result verify(const Context& ctx) noexcept override {
        try {
            for (const auto& ipd : ctx.config.ipds) {
                struct stat st {};
                if (::stat(ipd.dir.c_str(), &st) < 0 || !S_ISDIR(st.st_mode))
                    return ctx.fail("fs", fmt::format("inherit-pkg-dir {}: not a directory in the global zone", ipd.dir));
            }
            for (const auto& fs : ctx.config.fs) {
                if (fs.dir.empty() || fs.dir[0] != '/')
                    return ctx.fail("fs", fmt::format("{}: dir must be absolute", fs.dir));
                Options o = parse_options(fs);
                if (!o.error.empty()) return ctx.fail("fs", fmt::format("{}: {}", fs.dir, o.error));
                struct stat st {};
                if (fs.type == "lofs") {
                    if (::stat(fs.special.c_str(), &st) < 0)
                        return ctx.fail("fs", fmt::format("{}: special {}: {}", fs.dir, fs.special, std::strerror(errno)));
                } else if (fs.type == "tmpfs") {
                } else if (zones::is_block_fs_type(fs.type)) {
                    if (::stat(fs.special.c_str(), &st) < 0 || !S_ISBLK(st.st_mode))
                        return ctx.fail("fs", fmt::format("{}: special {} is not a block device", fs.dir, fs.special));
                } else {
                    return ctx.fail("fs", fmt::format("{}: file system type '{}' is not supported", fs.dir, fs.type));
                }
            }
            return {};
        } catch (...) {
            return ctx.fail("fs", "out of memory");
        }
    }

    Result setup_mounts(const Context& ctx) noexcept override {
        try {
            Fd root(::open(ctx.root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
            if (!root) return ctx.fail("fs", errno_status(ctx.root, errno).error);
            for (const auto& ipd : ctx.config.ipds) {
                Fd target;
                Status s = open_in_root(root.get(), ipd.dir, Kind::Dir, true, target);
                int no_idmap = 0;
                if (s.ok()) s = bind_tree(ipd.dir, target.get(), MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV, true, ctx.ns.user, &no_idmap);
                if (s.ok()) warn_not_idmapped(ctx, "inherit-pkg-dir " + ipd.dir, ipd.dir, no_idmap);
                if (!s.ok()) return ctx.fail("fs", fmt::format("inherit-pkg-dir {}: {}", ipd.dir, s.error));
            }
            // Parents before children, whatever order the user added them in.
            std::vector<const zones::Fs*> fss;
            for (const auto& fs : ctx.config.fs) fss.push_back(&fs);
            std::stable_sort(fss.begin(), fss.end(), [](const zones::Fs* a, const zones::Fs* b) {
                return std::count(a->dir.begin(), a->dir.end(), '/') < std::count(b->dir.begin(), b->dir.end(), '/');
            });
            for (const zones::Fs* fs : fss) {
                int no_idmap = 0;
                if (Status s = mount_fs(root.get(), *fs, ctx.ns.user, &no_idmap); !s.ok())
                    return ctx.fail("fs", fmt::format("{}: {}", fs->dir, s.error));
                warn_not_idmapped(ctx, fs->dir, fs->special, no_idmap);
            }
            Fd sys, proc;
            Status s = open_in_root(root.get(), "/sys", Kind::Dir, true, sys);
            if (s.ok()) s = mount_fresh("sysfs", sys.get(), "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, {});
            if (s.ok()) s = open_in_root(root.get(), "/proc", Kind::Dir, true, proc);
            if (!s.ok()) return ctx.fail("fs", s.error);
            return {};
        } catch (...) {
            return ctx.fail("fs", "out of memory");
        }
    }
};

}  // namespace

ZONES_SUBSYSTEM_PLUGIN(FsSubsystem)
