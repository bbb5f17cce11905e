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

std::uint32_t shifted(std::uint32_t id) { return id < 65536 ? g_base + id : id; }

int visit(const char* path, const struct stat* st, int type, FTW*) {
    if (type == FTW_NS || type == FTW_DNR) return 0;   // unreadable: leave it
    const uid_t u = shifted(st->st_uid);
    const gid_t g = shifted(st->st_gid);
    if (u == st->st_uid && g == st->st_gid) return 0;
    if (S_ISREG(st->st_mode) && (st->st_mode & (S_ISUID | S_ISGID))) {
        // chown clears set-id bits: put them back, on the same inode.
        Fd f(::open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
        if (!f || ::fchown(f.get(), u, g) < 0 || ::fchmod(f.get(), st->st_mode & 07777) < 0) {
            g_err = errno_text(path, errno);
            return 1;
        }
        return 0;
    }
    if (::lchown(path, u, g) < 0) {
        g_err = errno_text(path, errno);
        return 1;
    }
    return 0;
}

}  // namespace

std::string shift_ids(const std::string& root, std::uint32_t base) {
    g_base = base;
    g_err.clear();
    if (::nftw(root.c_str(), visit, 64, FTW_PHYS | FTW_MOUNT) < 0 && g_err.empty()) g_err = errno_text(root, errno);
    return g_err;
}

}  // namespace zones::zoneadmd
