// File operations of the global zone inside a zone's file system that can
// never be led out of it by a symlink the zone (or a zone image) planted:
// every path inside the zone root is resolved with openat2(RESOLVE_IN_ROOT |
// RESOLVE_NO_MAGICLINKS) relative to an fd of the root, final components are
// never followed, and deletion walks fds without following anything.
// Errors are ZoneError(Internal, "PATH: strerror").
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "zones/file_util.hpp"

namespace zones::safefs {

using sys::Fd;

// open(2) of an absolute host path in which no component may be a
// symlink (illumos' "Resolved path mismatch"): each component is opened
// O_NOFOLLOW relative to the one before. With `create`, missing
// directories are made: parents 0755, the last one `last_mode`, all
// root-owned. Returns an O_RDONLY|O_DIRECTORY fd of the last component.
// Throws ZoneError(Invalid, "PATH: Resolved path mismatch") for a symlink
// component and Internal for other failures; ENOENT without `create`
// comes back as std::nullopt.
std::optional<sys::Fd> open_host_dir(const std::filesystem::path& path, bool create,
                                      mode_t last_mode = 0755);

// A directory every relative path below is confined to (a zone root).
class RootDir {
public:
    // `fd`: an O_RDONLY|O_DIRECTORY fd of the root; `shown`: its path, for
    // messages only (it is never opened again).
    RootDir(sys::Fd fd, std::filesystem::path shown);

    int fd() const { return fd_.get(); }
    const std::filesystem::path& path() const { return shown_; }

    // The directory `rel` (resolved inside the root, symlinks in it
    // included) opened O_RDONLY|O_DIRECTORY; throws if it is missing.
    sys::Fd open_dir(std::string_view rel) const;

    // mkdir `rel` with exactly `mode`, root-owned; an existing directory
    // (not a symlink) is fine and gets `mode`. The parent must exist.
    void make_dir(std::string_view rel, mode_t mode) const;

    // Replace `rel` with a regular file holding `data` (mode exactly
    // `mode`, root:root). Whatever was there (file, symlink) is unlinked
    // first; a directory there is an error.
    void write_file(std::string_view rel, std::string_view data, mode_t mode) const;

    // Replace `rel` with a symlink to `target` (the target is text for the
    // zone: it is never resolved by us).
    void make_symlink(std::string_view target, std::string_view rel) const;

    // The regular file `rel`, nullopt when missing (a symlink at the end
    // is not followed: EINVAL/ELOOP are errors).
    std::optional<std::string> read_file(std::string_view rel, std::size_t max_size) const;

    // lstat of `rel` inside the root; nullopt when missing.
    std::optional<struct stat> lstat(std::string_view rel) const;

private:
    // The parent of `rel` opened inside the root, and the last component.
    std::pair<sys::Fd, std::string> parent_of(std::string_view rel) const;
    std::filesystem::path shown(std::string_view rel) const;

    sys::Fd fd_;
    std::filesystem::path shown_;
};

// Remove everything inside the directory `dir_fd` (not the directory
// itself), never following a symlink and never descending into another
// file system (a mount point below is an error, left in place).
// `shown` names the directory in messages.
void remove_contents(int dir_fd, const std::filesystem::path& shown);

// Remove `name` in `parent_fd` and, if it is a directory, all below it,
// as remove_contents. A missing `name` is fine.
void remove_tree(int parent_fd, const std::string& name, const std::filesystem::path& shown);

// True when the directory `dir_fd` has no entries but "." and "..".
bool dir_is_empty(int dir_fd, const std::filesystem::path& shown);

}  // namespace zones::safefs
