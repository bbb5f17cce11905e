#include "sysmounts.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string_view>

#include <fmt/format.h>

#include "sys.hpp"

namespace zones::zoneadmd {
namespace {

constexpr unsigned long kApi = MS_NOSUID | MS_NODEV | MS_NOEXEC;

// A directory of the zone root by an fd that is not a symlink the zone
// planted (/run -> /proc/sys would put our tmpfs over the read-only bind):
// O_NOFOLLOW on the only component below "/", which is the zone's root.
Fd open_top_dir(const char* path, std::string& err) {
    if (::mkdir(path, 0755) < 0 && errno != EEXIST) {
        err = errno_text(path, errno);
        return Fd();
    }
    Fd fd(::open(path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) err = errno_text(fmt::format("{} (must be a directory, not a symlink)", path), errno);
    return fd;
}

std::string mount_at(const char* src, const std::string& target, const char* type, unsigned long flags,
                     const std::string& data, std::string_view what) {
    if (::mount(src, target.c_str(), type, flags, data.empty() ? nullptr : data.c_str()) < 0)
        return errno_text(fmt::format("mount {}", what), errno);
    return {};
}

// A tmpfs with `opts` ("key=value,...") onto the directory `dir` (an fd):
// the new mount API, so nothing is looked up by path again, and /proc
// (which may be the zone's by now, where "self" is not us) is not needed.
std::string mount_tmpfs_on(int dir, const std::string& opts, unsigned attrs, std::string_view what) {
    auto fail = [&] { return errno_text(fmt::format("mount {}", what), errno); };
    Fd fs(::fsopen("tmpfs", FSOPEN_CLOEXEC));
    if (!fs) return fail();
    std::string_view rest = opts;
    while (!rest.empty()) {
        const std::string_view item = rest.substr(0, rest.find(','));
        rest.remove_prefix(std::min(rest.size(), item.size() + 1));
        const std::size_t eq = item.find('=');
        const std::string key(item.substr(0, eq));
        const std::string value(eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1));
        if (::fsconfig(fs.get(), FSCONFIG_SET_STRING, key.c_str(), value.c_str(), 0) < 0) return fail();
    }
    if (::fsconfig(fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) < 0) return fail();
    Fd mnt(::fsmount(fs.get(), FSMOUNT_CLOEXEC, attrs));
    if (!mnt || ::move_mount(mnt.get(), "", dir, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        return fail();
    return {};
}

std::string mount_run(std::uint32_t uid) {
    std::string err;
    Fd run = open_top_dir("/run", err);
    if (!run) return err;
    // Owned by zone root: systemd and every service write here.
    const std::string opts = fmt::format("mode=0755,uid={},gid={},size=20%,nr_inodes=800k", uid, uid);
    if (std::string e = mount_tmpfs_on(run.get(), opts, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_STRICTATIME,
                                       "/run");
        !e.empty())
        return e;
    // In the fresh tmpfs: nothing of the zone's can be in the way.
    if (::mkdir("/run/lock", 01777) < 0) return errno_text("/run/lock", errno);
    return mount_at("tmpfs", "/run/lock", "tmpfs", kApi | MS_STRICTATIME,
                    fmt::format("mode=1777,uid={},gid={},size=5m", uid, uid), "/run/lock");
}

// /sys is the platform's fresh read-only sysfs: /sys/fs/cgroup is the
// kernel's empty directory there, nothing the zone made.
std::string mount_cgroups(CgroupLayout layout) {
    const std::string root = "/sys/fs/cgroup";
    if (layout == CgroupLayout::Unified)   // rooted at payload/ by the cgroup namespace
        return mount_at("cgroup2", root, "cgroup2", kApi, {}, "cgroup2");
    if (std::string e = mount_at("tmpfs", root, "tmpfs", kApi | MS_STRICTATIME, "mode=0755,size=4m,nr_inodes=1024",
                                 "/sys/fs/cgroup");
        !e.empty())
        return e;
    for (const char* d : {"systemd", "unified"})
        if (::mkdir((root + "/" + d).c_str(), 0755) < 0) return errno_text(root + "/" + d, errno);
    // name=systemd: the host's tracking hierarchy (an existing one, so the
    // options name it only); rooted at payload/ like cgroup2.
    if (std::string e = mount_at("cgroup", root + "/systemd", "cgroup", kApi, "none,name=systemd", "name=systemd");
        !e.empty())
        return e;
    if (layout == CgroupLayout::Hybrid)
        if (std::string e = mount_at("cgroup2", root + "/unified", "cgroup2", kApi, {}, "cgroup2"); !e.empty()) return e;
    // systemd links the co-mounted v1 controllers' names (it mounts none
    // of them here: the tmpfs is read-only); present, the links spare the
    // console its "Failed to create symlink" errors.
    for (const auto& [name, target] : {std::pair{"cpu", "cpu,cpuacct"}, {"cpuacct", "cpu,cpuacct"},
                                       {"net_cls", "net_cls,net_prio"}, {"net_prio", "net_cls,net_prio"}})
        if (::symlink(target, (root + "/" + name).c_str()) < 0) return errno_text(root + "/" + name, errno);
    // The tmpfs itself read-only: the zone cannot mount the host's v1
    // controllers there or replace the layout systemd finds.
    if (::mount(nullptr, root.c_str(), nullptr, MS_REMOUNT | MS_RDONLY | kApi | MS_STRICTATIME, "mode=0755") < 0)
        return errno_text("read-only /sys/fs/cgroup", errno);
    return {};
}

}  // namespace

std::string mount_system_dirs(CgroupLayout layout, std::uint32_t root_uid) {
    if (std::string e = mount_run(root_uid); !e.empty()) return e;
    if (layout != CgroupLayout::None)
        if (std::string e = mount_cgroups(layout); !e.empty()) return e;
    return {};
}

}  // namespace zones::zoneadmd
