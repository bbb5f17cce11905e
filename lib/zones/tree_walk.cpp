#include "zones/tree_walk.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "sys/fd.hpp"

namespace zones::tree {

namespace {

constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW;

// A directory stream that owns its fd.
class Dir {
public:
    Dir() = default;
    explicit Dir(int fd) : d_(fd >= 0 ? ::fdopendir(fd) : nullptr) {
        if (fd >= 0 && d_ == nullptr) {
            const int e = errno;
            ::close(fd);
            errno = e;
        }
    }
    Dir(Dir&& o) noexcept : d_(o.d_) { o.d_ = nullptr; }
    Dir& operator=(Dir&& o) noexcept {
        if (this != &o) {
            if (d_) ::closedir(d_);
            d_ = o.d_;
            o.d_ = nullptr;
        }
        return *this;
    }
    Dir(const Dir&) = delete;
    Dir& operator=(const Dir&) = delete;
    ~Dir() {
        if (d_) ::closedir(d_);
    }
    explicit operator bool() const { return d_ != nullptr; }
    DIR* get() const { return d_; }
    int fd() const { return ::dirfd(d_); }

private:
    DIR* d_ = nullptr;
};

// A directory we went down into: its name in its parent, who it is, and
// where the parent's reading goes on when we come back.
struct Level {
    std::string name;
    dev_t dev;
    ino_t ino;
    long parent_pos;
    Dir parent;   // the parent's stream, kept open near the top (walk)
};

// walk() keeps the streams of this many levels open: coming back to one
// costs nothing, where reopening by ".." (checked) and seekdir cost four
// syscalls and a reread; deeper levels are reopened, so any depth works
// with a few fds.
constexpr std::size_t kKeepOpen = 8;

// SHOWN/a/b/.../NAME for messages; a very deep one keeps its end.
std::string path_of(const std::string& shown, const std::vector<Level>& stack, const char* name) {
    std::string p = shown;
    for (const Level& l : stack) p += "/" + l.name;
    if (name != nullptr) p += std::string("/") + name;
    if (p.size() > 400) p = shown + "/..." + p.substr(p.size() - 300);
    return p;
}

std::string fail(const std::string& shown, const std::vector<Level>& stack, const char* name, int err) {
    return sys::errno_text(path_of(shown, stack, name), err);
}

bool same(const struct stat& a, dev_t dev, ino_t ino) { return a.st_dev == dev && a.st_ino == ino; }

// Open `name` in `dir_fd`: the directory `st` described, or ESTALE.
// `now`: its fstat.
int enter(int dir_fd, const char* name, const struct stat& st, struct stat& now) {
    sys::Fd sub(::openat(dir_fd, name, kDirFlags));
    if (!sub) return -1;
    if (::fstat(sub.get(), &now) != 0) return -1;
    if (!same(now, st.st_dev, st.st_ino)) {
        errno = ESTALE;
        return -1;
    }
    return sub.release();
}

// ".." of `dir_fd`: the directory (dev, ino), or ESTALE.
int leave(int dir_fd, dev_t dev, ino_t ino) {
    sys::Fd up(::openat(dir_fd, "..", kDirFlags));
    if (!up) return -1;
    struct stat now {};
    if (::fstat(up.get(), &now) != 0) return -1;
    if (!same(now, dev, ino)) {
        errno = ESTALE;
        return -1;
    }
    return up.release();
}

// Replace `dir` by its parent: the root, or the level on top of `stack`
// (reopened by ".." and checked). "" or the cause.
std::string up_to_parent(Dir& dir, const struct stat& root, const std::vector<Level>& stack,
                         const std::string& shown) {
    const dev_t dev = stack.empty() ? root.st_dev : stack.back().dev;
    const ino_t ino = stack.empty() ? root.st_ino : stack.back().ino;
    Dir up(leave(dir.fd(), dev, ino));
    if (!up) return fail(shown, stack, nullptr, errno);
    dir = std::move(up);
    return {};
}

bool dot(const char* n) { return n[0] == '.' && (n[1] == 0 || (n[1] == '.' && n[2] == 0)); }

}  // namespace

std::string walk(int root_fd, const std::string& shown, const Visitor& visit, const LookInside& look) {
    struct stat root {};
    if (::fstat(root_fd, &root) != 0) return sys::errno_text(shown, errno);
    std::vector<Level> stack;
    Dir dir(::openat(root_fd, ".", kDirFlags));
    if (!dir) return sys::errno_text(shown, errno);
    // Whether the entries of each directory on the way down (the root's
    // first) are looked at; the back is the current directory's.
    std::vector<bool> looking{!look || look(root)};
    for (;;) {
        errno = 0;
        const dirent* e = ::readdir(dir.get());
        if (e == nullptr) {
            if (errno != 0) return fail(shown, stack, nullptr, errno);
            if (stack.empty()) return {};
            Level done = std::move(stack.back());
            stack.pop_back();
            looking.pop_back();
            if (done.parent) {   // kept open: its stream is where we left it
                dir = std::move(done.parent);
                continue;
            }
            if (std::string e = up_to_parent(dir, root, stack, shown); !e.empty()) return e;
            ::seekdir(dir.get(), done.parent_pos);
            continue;
        }
        if (dot(e->d_name)) continue;
        const std::string name = e->d_name;
        struct stat st {};
        Dir sub;
        if (!looking.back() && e->d_type != DT_DIR && e->d_type != DT_UNKNOWN) continue;
        if (!looking.back() && e->d_type == DT_DIR) {
            // A subdirectory of a directory not looked into: opened
            // without a stat before, and its fstat is what it is.
            sub = Dir(::openat(dir.fd(), name.c_str(), kDirFlags));
            if (!sub && errno == ENOENT) continue;
            if (sub && ::fstat(sub.fd(), &st) != 0) return fail(shown, stack, name.c_str(), errno);
            // !sub: no longer a directory (ENOTDIR, ELOOP): looked at below.
        }
        if (!sub) {
            if (::fstatat(dir.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
                if (errno == ENOENT) continue;
                return fail(shown, stack, name.c_str(), errno);
            }
            if (!looking.back() && !S_ISDIR(st.st_mode)) continue;
        }
        std::string err;
        const Step step = visit(dir.fd(), name.c_str(), st, err);
        if (step == Step::Stop) return err.empty() ? fail(shown, stack, name.c_str(), ECANCELED) : err;
        if (step == Step::Skip || !S_ISDIR(st.st_mode)) continue;
        const long pos = ::telldir(dir.get());
        if (!sub) {
            struct stat now {};
            sub = Dir(enter(dir.fd(), name.c_str(), st, now));
            if (!sub) return fail(shown, stack, name.c_str(), errno);
            st = now;
        }
        const bool keep = stack.size() < kKeepOpen;
        stack.push_back(Level{name, st.st_dev, st.st_ino, pos, keep ? std::move(dir) : Dir()});
        looking.push_back(!look || look(st));
        dir = std::move(sub);
    }
}

std::string remove_contents(int root_fd, const std::string& shown, Remove what) {
    struct stat root {};
    if (::fstat(root_fd, &root) != 0) return sys::errno_text(shown, errno);
    std::vector<Level> stack;
    Dir dir(::openat(root_fd, ".", kDirFlags));
    if (!dir) return sys::errno_text(shown, errno);
    bool removed = false;   // in this pass over the current directory
    for (;;) {
        errno = 0;
        const dirent* e = ::readdir(dir.get());
        if (e == nullptr) {
            if (errno != 0) return fail(shown, stack, nullptr, errno);
            if (removed) {   // a stream read while it shrinks may skip: read it again
                removed = false;
                ::rewinddir(dir.get());
                continue;
            }
            // Empty: remove it from its parent and go on there, from the start.
            if (stack.empty()) return {};
            const Level done = std::move(stack.back());
            stack.pop_back();
            if (std::string e = up_to_parent(dir, root, stack, shown); !e.empty()) return e;
            if (::unlinkat(dir.fd(), done.name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
                return fail(shown, stack, done.name.c_str(), errno);
            removed = true;
            continue;
        }
        if (dot(e->d_name)) continue;
        const std::string name = e->d_name;
        struct stat st {};
        if (::fstatat(dir.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT) continue;
            return fail(shown, stack, name.c_str(), errno);
        }
        if (!S_ISDIR(st.st_mode)) {
            if (what == Remove::Directories) continue;
            if (::unlinkat(dir.fd(), name.c_str(), 0) != 0 && errno != ENOENT)
                return fail(shown, stack, name.c_str(), errno);
            removed = true;
            continue;
        }
        if (st.st_dev != root.st_dev)
            return path_of(shown, stack, name.c_str()) + ": a file system is mounted there; not removed";
        struct stat now {};
        Dir sub(enter(dir.fd(), name.c_str(), st, now));
        if (!sub) return fail(shown, stack, name.c_str(), errno);
        stack.push_back(Level{name, st.st_dev, st.st_ino, 0, Dir()});
        dir = std::move(sub);
        removed = false;
    }
}

}  // namespace zones::tree
