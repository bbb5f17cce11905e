// Mount helpers shared by the in-tree plugins (static, hidden visibility).
// Every path below the zone root is resolved with openat2(RESOLVE_IN_ROOT |
// RESOLVE_NO_MAGICLINKS) and mounted onto the opened fd, so a symlink the
// zone planted (srv -> /etc) resolves inside the zone, never on the host.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "sys/fd.hpp"

namespace zones::plugin {

using sys::Fd;

// Errors carry a short cause ("/srv: mkdir: Read-only file system").
struct Status {
    std::string error;
    bool ok() const { return error.empty(); }
};
Status errno_status(std::string_view what, int err);

enum class Kind { Dir, File };

// O_PATH fd of `path` (absolute, interpreted inside root_fd), creating the
// missing components (dirs 0755; the last one as `kind`, files 0644).
Status open_in_root(int root_fd, std::string_view path, Kind kind, bool create, Fd& out);

// "/proc/self/fd/N": the target of mount(2) for an fd opened above.
std::string fd_path(int fd);

// Recursive bind of a host path onto target_fd, with `attr_set` (MOUNT_ATTR_*)
// applied to the whole detached tree before it is attached: never visible rw.
// With `userns_fd` (the zone's user namespace) the tree is idmapped through
// it, so host owners look right in the zone (host root is zone root); a
// file system without idmapped-mount support (overlayfs) gets the plain
// bind, where host-owned files show as the overflow id in the zone; then
// `*no_idmap` (if given) is set to the errno the idmap was refused with.
Status bind_tree(const std::string& host_src, int target_fd, unsigned long long attr_set,
                 bool recursive, int userns_fd = -1, int* no_idmap = nullptr);

// mount(2) of a fresh file system onto target_fd.
Status mount_fresh(const char* source, int target_fd, const char* fstype, unsigned long flags,
                   const std::string& data);

}  // namespace zones::plugin
