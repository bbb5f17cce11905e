// Copying a zone's files for zoneadm clone and move: copy-on-write
// (reflinks, ioctl FICLONE: btrfs, xfs made with reflink=1, bcachefs, ...)
// where the file system allows it, a full copy otherwise, both by cp(1)
// in a child that gets the two directories as fds. Nothing inside a zone
// is followed: cp never dereferences a symlink of the source (-P) and
// writes only into the new, empty target it walks itself.
#pragma once

#include <string>

#include "zones/safe_fs.hpp"

namespace zones::install {

enum class CopyMethod { Reflink, Copy };

// True when a file of the directory `src_dir` can be reflinked into
// `dst_dir` (both fds of directories): one probe FICLONE of a regular
// file found in src_dir (an empty one is made in dst_dir's file system
// as an unnamed O_TMPFILE and discarded). False when they are different
// file systems, when the file system has no reflinks, or when src_dir
// has no regular file at its top or in etc/.
bool reflinks_work(int src_dir, int dst_dir);

// The file system's name for messages ("xfs", "btrfs", "ext4", "tmpfs",
// "overlay", ...; "0x..." for one we do not know).
std::string fs_type_name(int fd);

// Copy what is inside `src` into the empty `dst`: owners, modes, times,
// xattrs, hard links, sparse files, device nodes kept; never leaving
// src's file system (a mount point below is copied as an empty
// directory). Reflink: cp --reflink=always (fails rather than copying);
// Copy: --reflink=never. Throws ZoneError(Internal) with cp's error.
void copy_contents(const safefs::RootDir& src, const safefs::RootDir& dst, CopyMethod method);

}  // namespace zones::install
