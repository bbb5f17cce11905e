#include "idshift.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "sys.hpp"
#include "zones/tree_walk.hpp"

namespace zones::zoneadmd {
namespace {

std::uint64_t mount_id(int dir_fd, const char* name) {
    struct statx sx {};
    if (::statx(dir_fd, name, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, STATX_MNT_ID, &sx) < 0 ||
        !(sx.stx_mask & STATX_MNT_ID))
        return 0;
    return sx.stx_mnt_id;
}

struct Shift {
    std::optional<std::uint32_t> from;
    std::uint32_t base;
    dev_t dev;
    std::uint64_t mnt;

    std::uint32_t id(std::uint32_t v) const {
        if (v < 65536) return base + v;
        if (from && v >= *from && v - *from < 65536) return base + (v - *from);
        return v;
    }

    // Never leave the root's file system (a mount below it is not the
    // zone's). overlayfs gives its directories its own st_dev but files the
    // st_dev of the layer they are on, so only a mount id tells.
    bool other_mount(int dir_fd, const char* name, const struct stat& st) const {
        if (st.st_dev == dev) return false;
        if (S_ISDIR(st.st_mode)) return true;
        const std::uint64_t m = mount_id(dir_fd, name);
        return m == 0 || m != mnt;
    }

    // "" or the cause.
    std::string chown(int dir_fd, const char* name, const struct stat& st, const std::string& shown) const {
        const uid_t u = id(st.st_uid);
        const gid_t g = id(st.st_gid);
        if (u == st.st_uid && g == st.st_gid) return {};
        if (S_ISREG(st.st_mode) && (st.st_mode & (S_ISUID | S_ISGID))) {
            // chown clears set-id bits: put them back, on the same inode.
            Fd f(::openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
            if (!f || ::fchown(f.get(), u, g) < 0 || ::fchmod(f.get(), st.st_mode & 07777) < 0)
                return errno_text(shown, errno);
            return {};
        }
        if (::fchownat(dir_fd, name, u, g, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH) < 0) return errno_text(shown, errno);
        return {};
    }
};

}  // namespace

std::string shift_root(const std::string& root, std::optional<std::uint32_t> from, std::uint32_t base) {
    Fd fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) < 0) return errno_text(root, errno);
    const Shift s{from, base, st.st_dev, 0};
    return s.chown(fd.get(), "", st, root);
}

std::string shift_ids(const std::string& root, std::optional<std::uint32_t> from, std::uint32_t base,
                      std::optional<timespec> since, ShiftCount* count) {
    Fd fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) < 0) return errno_text(root, errno);
    const Shift s{from, base, st.st_dev, mount_id(fd.get(), "")};
    if (std::string e = s.chown(fd.get(), "", st, root); !e.empty()) return e;
    ShiftCount n;
    // An entry added, renamed or removed sets its directory's ctime; one
    // made by zone root already has the zone's ids.
    auto look = [&n, since](const struct stat& dir) {
        ++n.dirs;
        const bool changed = !since || dir.st_ctim.tv_sec > since->tv_sec ||
                             (dir.st_ctim.tv_sec == since->tv_sec && dir.st_ctim.tv_nsec >= since->tv_nsec);
        n.looked += changed ? 1 : 0;
        return changed;
    };
    std::string e = tree::walk(
        fd.get(), root,
        [&s, &root](int dir_fd, const char* name, const struct stat& st, std::string& err) {
            if (s.other_mount(dir_fd, name, st)) return tree::Step::Skip;
            err = s.chown(dir_fd, name, st, root + "/.../" + name);
            return err.empty() ? tree::Step::Descend : tree::Step::Stop;
        },
        look);
    if (count) *count = n;
    return e;
}

bool ctimes_comparable(const std::string& root, const std::string& stamp_dir) {
    Fd r(::open(root.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    Fd d(::open(stamp_dir.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!r || !d) return false;
    const std::uint64_t m = mount_id(r.get(), "");
    if (m == 0 || m != mount_id(d.get(), "")) return false;
    struct statfs fs {};
    if (::fstatfs(r.get(), &fs) < 0) return false;
    switch (static_cast<unsigned long>(fs.f_type)) {
        case EXT4_SUPER_MAGIC:   // ext2, ext3 too
        case XFS_SUPER_MAGIC:
        case BTRFS_SUPER_MAGIC:
        case TMPFS_MAGIC:
        case F2FS_SUPER_MAGIC:
        case 0x2fc12fc1UL:   // zfs
            return true;
        default:   // overlayfs, network file systems (the server's clock), FUSE, anything else
            return false;
    }
}

}  // namespace zones::zoneadmd
