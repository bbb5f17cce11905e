#include "mount_util.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace zones::plugin {

Status errno_status(std::string_view what, int err) { return {sys::errno_text(what, err)}; }

std::string fd_path(int fd) { return fmt::format("/proc/self/fd/{}", fd); }

namespace {

int openat2_in_root(int root_fd, const std::string& rel, int flags) {
    open_how how{};
    how.flags = static_cast<unsigned long long>(flags | O_CLOEXEC);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    for (;;) {
        long r = ::syscall(SYS_openat2, root_fd, rel.c_str(), &how, sizeof how);
        if (r >= 0 || errno != EAGAIN) return static_cast<int>(r);   // EAGAIN: rename race
    }
}

}  // namespace

Status open_in_root(int root_fd, std::string_view path, Kind kind, bool create, Fd& out) {
    // Walk component by component, always resolving the whole prefix from
    // the root again: a symlink anywhere is resolved inside the root.
    std::string prefix;
    std::size_t pos = 0;
    Fd cur(::fcntl(root_fd, F_DUPFD_CLOEXEC, 3));
    if (!cur) return errno_status(path, errno);
    while (pos < path.size()) {
        while (pos < path.size() && path[pos] == '/') ++pos;
        std::size_t end = path.find('/', pos);
        if (end == std::string_view::npos) end = path.size();
        if (end == pos) break;
        std::string comp(path.substr(pos, end - pos));
        pos = end;
        while (pos < path.size() && path[pos] == '/') ++pos;
        bool last = pos >= path.size();
        prefix += '/';
        prefix += comp;
        const bool file = last && kind == Kind::File;
        const int flags = file ? O_PATH : O_PATH | O_DIRECTORY;
        int fd = openat2_in_root(root_fd, prefix, flags);
        if (fd < 0 && errno == ENOENT && create) {
            // cur is the resolved parent: create the name right there. mkdirat
            // and O_EXCL never follow a dangling symlink planted there.
            int r;
            if (file) {
                r = ::openat(cur.get(), comp.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
                if (r >= 0) ::close(r);
            } else {
                r = ::mkdirat(cur.get(), comp.c_str(), 0755);
            }
            if (r < 0 && errno != EEXIST) return errno_status(fmt::format("{}: create", prefix), errno);
            fd = openat2_in_root(root_fd, prefix, flags);
        }
        if (fd < 0) return errno_status(prefix, errno);
        cur = Fd(fd);
    }
    out = std::move(cur);
    return {};
}

Status bind_tree(const std::string& host_src, int target_fd, unsigned long long attr_set,
                 bool recursive, int userns_fd, int* no_idmap) {
    unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0);
    Fd tree(::open_tree(AT_FDCWD, host_src.c_str(), flags));
    if (!tree) return errno_status(fmt::format("{}: open_tree", host_src), errno);
    if (userns_fd >= 0) {
        mount_attr attr{};
        attr.attr_set = attr_set | MOUNT_ATTR_IDMAP;
        attr.userns_fd = static_cast<__u64>(userns_fd);
        if (::mount_setattr(tree.get(), "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof attr) == 0)
            attr_set = 0;   // done
        else if (errno != EINVAL && errno != EOPNOTSUPP)
            return errno_status(fmt::format("{}: idmapped mount", host_src), errno);
        else {
            if (no_idmap) *no_idmap = errno;
            // No idmap support somewhere in the tree: a fresh clone (a
            // failed mount_setattr may have changed part of it).
            tree = Fd(::open_tree(AT_FDCWD, host_src.c_str(), flags));
            if (!tree) return errno_status(fmt::format("{}: open_tree", host_src), errno);
        }
    }
    if (attr_set != 0) {
        mount_attr attr{};
        attr.attr_set = attr_set;
        if (::mount_setattr(tree.get(), "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr,
                            sizeof attr) < 0)
            return errno_status(fmt::format("{}: mount_setattr", host_src), errno);
    }
    if (::move_mount(tree.get(), "", target_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        return errno_status(fmt::format("{}: move_mount", host_src), errno);
    return {};
}

Status mount_fresh(const char* source, int target_fd, const char* fstype, unsigned long flags,
                   const std::string& data) {
    if (::mount(source, fd_path(target_fd).c_str(), fstype, flags, data.empty() ? nullptr : data.c_str()) < 0)
        return errno_status(fmt::format("mount {} ({})", source, fstype), errno);
    return {};
}

}  // namespace zones::plugin
