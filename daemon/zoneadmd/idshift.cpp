#include "idshift.hpp"

#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "sys.hpp"

namespace zones::zoneadmd {
namespace {

// nftw has no user pointer: one walk at a time (zoneadmd is single-threaded).
std::uint32_t g_base = 0;
std::string g_err;
dev_t g_dev = 0;
std::uint64_t g_mnt = 0;

std::uint64_t mount_id(const char* path) {
    struct statx sx {};
    if (::statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &sx) < 0 || !(sx.stx_mask & STATX_MNT_ID)) return 0;
    return sx.stx_mnt_id;
}

// Never leave the root's file system (a mount below it is not the zone's).
// Not FTW_MOUNT: overlayfs gives its directories its own st_dev but files
// the st_dev of the layer they are on, so only a mount id tells.
bool other_mount(const char* path, const struct stat* st) {
    if (st->st_dev == g_dev) return false;
    if (S_ISDIR(st->st_mode)) return true;
    const std::uint64_t m = mount_id(path);
    return m == 0 || m != g_mnt;
}

std::uint32_t shifted(std::uint32_t id) { return id < 65536 ? g_base + id : id; }

int visit(const char* path, const struct stat* st, int type, FTW*) {
    if (type == FTW_NS || type == FTW_DNR) return FTW_CONTINUE;   // unreadable: leave it
    if (other_mount(path, st)) return S_ISDIR(st->st_mode) ? FTW_SKIP_SUBTREE : FTW_CONTINUE;
    const uid_t u = shifted(st->st_uid);
    const gid_t g = shifted(st->st_gid);
    if (u == st->st_uid && g == st->st_gid) return FTW_CONTINUE;
    if (S_ISREG(st->st_mode) && (st->st_mode & (S_ISUID | S_ISGID))) {
        // chown clears set-id bits: put them back, on the same inode.
        Fd f(::open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
        if (!f || ::fchown(f.get(), u, g) < 0 || ::fchmod(f.get(), st->st_mode & 07777) < 0) {
            g_err = errno_text(path, errno);
            return FTW_STOP;
        }
        return FTW_CONTINUE;
    }
    if (::lchown(path, u, g) < 0) {
        g_err = errno_text(path, errno);
        return FTW_STOP;
    }
    return FTW_CONTINUE;
}

}  // namespace

std::string shift_ids(const std::string& root, std::uint32_t base) {
    g_base = base;
    g_err.clear();
    struct stat st {};
    if (::lstat(root.c_str(), &st) < 0) return errno_text(root, errno);
    g_dev = st.st_dev;
    g_mnt = mount_id(root.c_str());
    if (::nftw(root.c_str(), visit, 64, FTW_PHYS | FTW_ACTIONRETVAL) < 0 && g_err.empty()) g_err = errno_text(root, errno);
    return g_err;
}

}  // namespace zones::zoneadmd
