#include "zones/clone.hpp"

#include <fcntl.h>
#include <dirent.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <fmt/format.h>

#include "zones/install.hpp"

namespace zones::install {

namespace {

// A regular file of the directory, opened read-only without following
// anything: the first one at its top or in its etc/.
sys::Fd some_regular_file(int dir) {
    for (const char* sub : {".", "etc"}) {
        sys::Fd d(::openat(dir, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!d) continue;
        sys::Fd walk(::dup(d.get()));
        DIR* listing = walk ? ::fdopendir(walk.get()) : nullptr;
        if (listing == nullptr) continue;
        walk.release();
        sys::Fd found;
        while (dirent* e = ::readdir(listing)) {
            if (e->d_type != DT_REG && e->d_type != DT_UNKNOWN) continue;
            sys::Fd f(::openat(d.get(), e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
            struct stat st {};
            if (f && ::fstat(f.get(), &st) == 0 && S_ISREG(st.st_mode)) {
                found = std::move(f);
                break;
            }
        }
        ::closedir(listing);
        if (found) return found;
    }
    return {};
}

}  // namespace

bool reflinks_work(int src_dir, int dst_dir) {
    sys::Fd src = some_regular_file(src_dir);
    if (!src) return false;
    sys::Fd probe(::openat(dst_dir, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600));
    if (!probe) return false;
    return ::ioctl(probe.get(), FICLONE, src.get()) == 0;
}

std::string fs_type_name(int fd) {
    struct statfs sf {};
    if (::fstatfs(fd, &sf) != 0) return "unknown";
    switch (static_cast<unsigned long>(sf.f_type)) {
    case XFS_SUPER_MAGIC: return "xfs";
    case BTRFS_SUPER_MAGIC: return "btrfs";
    case EXT4_SUPER_MAGIC: return "ext4";   // also ext2 and ext3
    case TMPFS_MAGIC: return "tmpfs";
    case OVERLAYFS_SUPER_MAGIC: return "overlay";
    case 0x2fc12fc1: return "zfs";
    case 0xf2f52010: return "f2fs";
    case 0xca451a4e: return "bcachefs";
    case NFS_SUPER_MAGIC: return "nfs";
    default: return fmt::format("{:#x}", static_cast<unsigned long>(sf.f_type));
    }
}

void copy_contents(const safefs::RootDir& src, const safefs::RootDir& dst, CopyMethod method) {
    if (!safefs::dir_is_empty(dst.fd(), dst.path()))
        throw ZoneError(ErrorKind::Internal, fmt::format("{}: not empty; nothing was copied", dst.path().string()));
    run_with_dirs({src.fd(), dst.fd()},
                  {"/usr/bin/cp", "--archive", "--one-file-system",
                   method == CopyMethod::Reflink ? "--reflink=always" : "--reflink=never",
                   "--no-target-directory", "--", "/proc/self/fd/3/.", "/proc/self/fd/4/."},
                  fmt::format("cannot copy {} to {}", src.path().string(), dst.path().string()));
}

}  // namespace zones::install
