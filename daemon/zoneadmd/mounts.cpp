#include "mounts.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <sys/stat.h>

#include <cerrno>

#include <fmt/format.h>

#include "sys.hpp"

namespace zones::zoneadmd {

std::string make_rslave() {
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) < 0) return errno_text("make-rslave /", errno);
    return {};
}

std::string bind_root(const std::string& root) {
    if (::mount(root.c_str(), root.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0)
        return errno_text("bind " + root, errno);
    mount_attr attr{};
    attr.attr_set = MOUNT_ATTR_NODEV;
    if (::mount_setattr(AT_FDCWD, root.c_str(), AT_RECURSIVE | AT_SYMLINK_NOFOLLOW, &attr, sizeof attr) < 0)
        return errno_text("nodev " + root, errno);
    return {};
}

std::string pivot_into(const std::string& root) {
    if (::chdir(root.c_str()) < 0) return errno_text(root, errno);
    if (::syscall(SYS_pivot_root, ".", ".") < 0) return errno_text("pivot_root " + root, errno);
    if (::umount2(".", MNT_DETACH) < 0) return errno_text("detach old root", errno);
    if (::chdir("/") < 0) return errno_text("/", errno);
    return {};
}

std::string make_rshared() {
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_SHARED, nullptr) < 0) return errno_text("make-rshared /", errno);
    return {};
}

std::string publish_zonename(std::string_view zone) {
    constexpr const char* path = "/dev/.zonename";
    const std::string text = std::string(zone) + "\n";
    Fd f(::open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0444));
    if (!f) return errno_text(path, errno);
    if (::write(f.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        return errno_text(path, errno);
    f.reset();
    if (::mount(path, path, nullptr, MS_BIND, nullptr) < 0) return errno_text(std::string("bind ") + path, errno);
    if (::mount(nullptr, path, nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                nullptr) < 0)
        return errno_text(std::string("read-only ") + path, errno);
    return {};
}

namespace {

constexpr const char* kMaskedFiles[] = {
    "/proc/kcore", "/proc/keys", "/proc/key-users", "/proc/kallsyms", "/proc/latency_stats",
    "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/kpagecount", "/proc/kpageflags",
    "/proc/kpagecgroup", "/proc/vmallocinfo", "/proc/config.gz",
};
constexpr const char* kMaskedDirs[] = {"/proc/acpi", "/proc/asound", "/proc/scsi", "/proc/driver",
                                       "/sys/firmware", "/sys/devices/virtual/powercap", "/sys/kernel/debug",
                                       "/sys/kernel/tracing", "/sys/kernel/security"};
constexpr const char* kReadOnly[] = {"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs"};

constexpr unsigned long kLock = MS_NOSUID | MS_NODEV | MS_NOEXEC;

bool exists(const char* p) {
    struct stat st {};
    return ::lstat(p, &st) == 0;
}

}  // namespace

std::span<const char* const> masked_proc_files() { return kMaskedFiles; }

Fd make_proc(int pidns) {
    Fd fs(::fsopen("proc", FSOPEN_CLOEXEC));
    if (!fs || (pidns >= 0 && ::fsconfig(fs.get(), FSCONFIG_SET_FD, "pidns", nullptr, pidns) < 0) ||
        ::fsconfig(fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) < 0)
        return Fd();
    return Fd(::fsmount(fs.get(), FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC));
}

std::vector<bool> proc_files_present(Fd& mnt) {
    std::vector<bool> out(std::size(kMaskedFiles), true);
    mnt = make_proc(-1);
    if (!mnt) return out;
    constexpr std::string_view kProc = "/proc/";
    for (std::size_t i = 0; i < std::size(kMaskedFiles); ++i) {
        struct stat st {};
        out[i] = ::fstatat(mnt.get(), kMaskedFiles[i] + kProc.size(), &st, AT_SYMLINK_NOFOLLOW) == 0;
    }
    return out;
}

std::string open_null_masks(NullMasks& out, const std::vector<bool>& present) {
    out.fds.clear();
    for (std::size_t i = 0; i < std::size(kMaskedFiles); ++i) {
        out.fds.emplace_back();
        if (i < present.size() && !present[i]) continue;
        out.fds.back() = Fd(::open_tree(AT_FDCWD, "/dev/null", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
        if (!out.fds.back()) return errno_text("open_tree /dev/null", errno);
    }
    return {};
}

std::string mask_proc_sys(NullMasks& nulls) {
    if (nulls.fds.size() != std::size(kMaskedFiles)) return "mask /proc: no copies of /dev/null";
    for (std::size_t i = 0; i < std::size(kMaskedFiles); ++i) {
        const char* p = kMaskedFiles[i];
        if (!exists(p)) continue;
        // Fail closed: a file the probe of procfs did not show has no copy.
        if (!nulls.fds[i]) return fmt::format("mask {}: no copy of /dev/null for it (procfs showed no such file)", p);
        if (::move_mount(nulls.fds[i].get(), "", AT_FDCWD, p, MOVE_MOUNT_F_EMPTY_PATH) < 0)
            return errno_text(std::string("mask ") + p, errno);
        nulls.fds[i].reset();
    }
    for (const char* p : kMaskedDirs) {
        if (!exists(p)) continue;
        if (::mount("tmpfs", p, "tmpfs", MS_RDONLY | kLock, "size=0,mode=0555") < 0)
            return errno_text(std::string("mask ") + p, errno);
    }
    for (const char* p : kReadOnly) {
        if (!exists(p)) continue;
        if (::mount(p, p, nullptr, MS_BIND | MS_REC, nullptr) < 0 ||
            ::mount(nullptr, p, nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | kLock, nullptr) < 0)
            return errno_text(std::string("read-only ") + p, errno);
    }
    return {};
}

}  // namespace zones::zoneadmd
