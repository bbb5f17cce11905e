#include "zones/safe_fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include <fmt/core.h>

#include "zones/config.hpp"
#include "zones/tree_walk.hpp"

namespace zones::safefs {

namespace fs = std::filesystem;
using fsutil::throw_errno;

namespace {

constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;

// glibc 2.36 has no wrapper for openat2.
int openat2_in_root(int root_fd, const std::string& rel, int flags, mode_t mode = 0) {
    open_how how{};
    how.flags = static_cast<std::uint64_t>(flags);
    how.mode = mode;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    for (;;) {
        long r = ::syscall(SYS_openat2, root_fd, rel.c_str(), &how, sizeof how);
        if (r >= 0 || errno != EAGAIN)   // EAGAIN: a rename raced the lookup
            return static_cast<int>(r);
    }
}

// "a//b/" -> {"a", "b"}; "." components dropped.
std::vector<std::string> components(std::string_view rel) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < rel.size()) {
        std::size_t j = rel.find('/', i);
        if (j == std::string_view::npos)
            j = rel.size();
        std::string_view c = rel.substr(i, j - i);
        if (!c.empty() && c != ".")
            out.emplace_back(c);
        i = j + 1;
    }
    return out;
}

// Names in a directory, read through a fresh open file description so
// the caller's fd offset is untouched.
std::vector<std::string> list_names(int dir_fd, const fs::path& shown) {
    sys::Fd fd(::openat(dir_fd, ".", kDirFlags));
    if (!fd)
        throw_errno(shown, errno);
    DIR* d = ::fdopendir(fd.get());
    if (d == nullptr)
        throw_errno(shown, errno);
    fd.release();
    std::vector<std::string> names;
    errno = 0;
    while (dirent* e = ::readdir(d)) {
        std::string_view n(e->d_name);
        if (n != "." && n != "..")
            names.emplace_back(n);
    }
    const int err = errno;
    ::closedir(d);
    if (err != 0)
        throw_errno(shown, err);
    return names;
}

// Remove `name` in `dir_fd`: a file, or a directory with all below it
// (tree_walk.hpp: bounded whatever its depth), which must be on `dev`.
void remove_entry(int dir_fd, const std::string& name, dev_t dev, const fs::path& shown) {
    const fs::path path = shown / name;
    struct stat st {};
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            return;
        throw_errno(path, errno);
    }
    if (S_ISDIR(st.st_mode)) {
        if (st.st_dev != dev)
            throw ZoneError(ErrorKind::Internal,
                            fmt::format("{}: a file system is mounted there; not removed",
                                        path.string()));
        sys::Fd sub(::openat(dir_fd, name.c_str(), kDirFlags | O_NOFOLLOW));
        if (!sub)
            throw_errno(path, errno);
        struct stat again {};
        // The entry must still be the directory we looked at.
        if (::fstat(sub.get(), &again) != 0)
            throw_errno(path, errno);
        if (again.st_dev != st.st_dev || again.st_ino != st.st_ino)
            throw_errno(path, ESTALE);
        if (std::string e = tree::remove_contents(sub.get(), path.string()); !e.empty())
            throw ZoneError(ErrorKind::Internal, e);
        sub.reset();
        if (::unlinkat(dir_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
            throw_errno(path, errno);
        return;
    }
    if (::unlinkat(dir_fd, name.c_str(), 0) != 0 && errno != ENOENT)
        throw_errno(path, errno);
}

}  // namespace

std::optional<sys::Fd> open_host_dir(const fs::path& path, bool create, mode_t last_mode) {
    const std::string text = path.string();
    if (text.empty() || text[0] != '/')
        throw ZoneError(ErrorKind::Invalid, fmt::format("{} is not an absolute path.", text));
    const std::vector<std::string> parts = components(text);
    for (const std::string& p : parts)
        if (p == "..")
            throw ZoneError(ErrorKind::Invalid, fmt::format("{}: Resolved path mismatch", text));

    sys::Fd cur(::open("/", kDirFlags));
    if (!cur)
        throw_errno("/", errno);
    fs::path sofar = "/";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string& name = parts[i];
        sofar /= name;
        const bool last = i + 1 == parts.size();
        sys::Fd next(::openat(cur.get(), name.c_str(), kDirFlags | O_NOFOLLOW));
        if (!next && errno == ENOENT && create) {
            const mode_t mode = last ? last_mode : 0755;
            if (::mkdirat(cur.get(), name.c_str(), mode) != 0 && errno != EEXIST)
                throw_errno(sofar, errno);
            next.reset(::openat(cur.get(), name.c_str(), kDirFlags | O_NOFOLLOW));
            if (next && (::fchown(next.get(), 0, 0) != 0 || ::fchmod(next.get(), mode) != 0))
                throw_errno(sofar, errno);
        }
        if (!next) {
            const int err = errno;
            if (err == ENOENT)
                return std::nullopt;
            struct stat st {};
            if ((err == ELOOP || err == ENOTDIR) &&
                ::fstatat(cur.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                S_ISLNK(st.st_mode))
                throw ZoneError(ErrorKind::Invalid,
                                fmt::format("{}: Resolved path mismatch", text));
            if (err == ENOTDIR)
                throw ZoneError(ErrorKind::Invalid,
                                fmt::format("{} is not a directory.", sofar.string()));
            throw_errno(sofar, err);
        }
        cur = std::move(next);
    }
    return cur;
}

RootDir::RootDir(sys::Fd fd, fs::path shown) : fd_(std::move(fd)), shown_(std::move(shown)) {}

fs::path RootDir::shown(std::string_view rel) const {
    fs::path p = shown_;
    for (const std::string& c : components(rel))
        p /= c;
    return p;
}

std::pair<sys::Fd, std::string> RootDir::parent_of(std::string_view rel) const {
    std::vector<std::string> parts = components(rel);
    if (parts.empty() || parts.back() == "..")
        throw ZoneError(ErrorKind::Internal,
                        fmt::format("{}: not a name inside the zone root", shown(rel).string()));
    std::string last = parts.back();
    parts.pop_back();
    std::string parent = ".";
    for (const std::string& c : parts)
        parent += "/" + c;
    sys::Fd fd(openat2_in_root(fd_.get(), parent, kDirFlags));
    if (!fd)
        throw_errno(shown(parent), errno);
    return {std::move(fd), std::move(last)};
}

sys::Fd RootDir::open_dir(std::string_view rel) const {
    sys::Fd fd(openat2_in_root(fd_.get(), "./" + std::string(rel), kDirFlags));
    if (!fd)
        throw_errno(shown(rel), errno);
    return fd;
}

void RootDir::make_dir(std::string_view rel, mode_t mode) const {
    auto [parent, name] = parent_of(rel);
    if (::mkdirat(parent.get(), name.c_str(), mode) != 0 && errno != EEXIST)
        throw_errno(shown(rel), errno);
    // O_NOFOLLOW: an existing symlink here is an error, never a way out.
    sys::Fd dir(::openat(parent.get(), name.c_str(), kDirFlags | O_NOFOLLOW));
    if (!dir)
        throw_errno(shown(rel), errno);
    if (::fchown(dir.get(), 0, 0) != 0 || ::fchmod(dir.get(), mode) != 0)
        throw_errno(shown(rel), errno);
}

void RootDir::write_file(std::string_view rel, std::string_view data, mode_t mode) const {
    auto [parent, name] = parent_of(rel);
    if (::unlinkat(parent.get(), name.c_str(), 0) != 0 && errno != ENOENT)
        throw_errno(shown(rel), errno);
    sys::Fd fd(::openat(parent.get(), name.c_str(),
                         O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd)
        throw_errno(shown(rel), errno);
    while (!data.empty()) {
        ssize_t n = ::write(fd.get(), data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw_errno(shown(rel), errno);
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::fchown(fd.get(), 0, 0) != 0 || ::fchmod(fd.get(), mode) != 0)
        throw_errno(shown(rel), errno);
}

void RootDir::make_symlink(std::string_view target, std::string_view rel) const {
    auto [parent, name] = parent_of(rel);
    if (::unlinkat(parent.get(), name.c_str(), 0) != 0 && errno != ENOENT)
        throw_errno(shown(rel), errno);
    if (::symlinkat(std::string(target).c_str(), parent.get(), name.c_str()) != 0)
        throw_errno(shown(rel), errno);
}

std::optional<std::string> RootDir::read_file(std::string_view rel, std::size_t max_size) const {
    auto [parent, name] = parent_of(rel);
    sys::Fd fd(::openat(parent.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT)
            return std::nullopt;
        throw_errno(shown(rel), errno);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        throw_errno(shown(rel), errno);
    if (!S_ISREG(st.st_mode) || static_cast<std::uint64_t>(st.st_size) > max_size)
        throw_errno(shown(rel), S_ISREG(st.st_mode) ? EFBIG : EINVAL);
    std::string out;
    if (!sys::read_fd(fd.get(), out, max_size))
        throw_errno(shown(rel), errno);
    return out;
}

std::optional<struct stat> RootDir::lstat(std::string_view rel) const {
    auto [parent, name] = parent_of(rel);
    struct stat st {};
    if (::fstatat(parent.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            return std::nullopt;
        throw_errno(shown(rel), errno);
    }
    return st;
}

void remove_contents(int dir_fd, const fs::path& shown) {
    if (std::string e = tree::remove_contents(dir_fd, shown.string()); !e.empty())
        throw ZoneError(ErrorKind::Internal, e);
}

void remove_tree(int parent_fd, const std::string& name, const fs::path& shown) {
    struct stat st {};
    if (::fstat(parent_fd, &st) != 0)
        throw_errno(shown, errno);
    remove_entry(parent_fd, name, st.st_dev, shown.parent_path());
}

bool dir_is_empty(int dir_fd, const fs::path& shown) { return list_names(dir_fd, shown).empty(); }

}  // namespace zones::safefs
