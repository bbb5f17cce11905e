#include "zones/file_util.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>
#include <vector>

#include <fmt/core.h>

#include "zones/config.hpp"

namespace zones::fsutil {

namespace fs = std::filesystem;

void throw_errno(const fs::path& path, int err) {
    throw ZoneError(ErrorKind::Internal,
                    fmt::format("{}: {}", path.string(), std::error_code(err, std::system_category()).message()));
}

namespace {

sys::Fd open_dir(const fs::path& dir) {
    sys::Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) throw_errno(dir, errno);
    return fd;
}

void fsync_dir(const fs::path& dir) {
    sys::Fd fd = open_dir(dir);
    if (::fsync(fd.get()) != 0) throw_errno(dir, errno);
}

}  // namespace

std::optional<std::string> read_file(const fs::path& path, std::size_t max_size) {
    sys::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT) return std::nullopt;
        throw_errno(path, errno);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw_errno(path, errno);
    if (!S_ISREG(st.st_mode)) throw_errno(path, S_ISDIR(st.st_mode) ? EISDIR : EINVAL);
    std::string out;
    if (!sys::read_fd(fd.get(), out, max_size)) {
        if (errno == EFBIG)
            throw ZoneError(ErrorKind::Damaged, fmt::format("{}: file is too large", path.string()));
        throw_errno(path, errno);
    }
    return out;
}

void write_file_atomic(const fs::path& dir, const std::string& name, std::string_view data) {
    const fs::path target = dir / name;
    if (!sys::replace_file(target.string(), data, 0644, true)) throw_errno(target, errno);
}

void remove_file_durable(const fs::path& dir, const std::string& name) {
    const fs::path target = dir / name;
    if (::unlink(target.c_str()) != 0) {
        if (errno == ENOENT) return;
        throw_errno(target, errno);
    }
    fsync_dir(dir);
}

void remove_stale_temps(const fs::path& dir, const std::function<bool(std::string_view)>& ours) {
    sys::Fd fd = open_dir(dir);
    DIR* d = ::fdopendir(fd.get());
    if (d == nullptr) throw_errno(dir, errno);
    fd.release();   // owned by d from here
    std::vector<std::string> stale;
    while (dirent* e = ::readdir(d)) {
        std::string_view n(e->d_name);
        // kTempPrefix NAME .XXXXXX (sys::replace_file)
        constexpr std::size_t kSuffix = 7;
        if (!n.starts_with(kTempPrefix) || n.size() <= kTempPrefix.size() + kSuffix) continue;
        if (ours(n.substr(kTempPrefix.size(), n.size() - kTempPrefix.size() - kSuffix)))
            stale.emplace_back(n);
    }
    ::closedir(d);
    for (const auto& n : stale) ::unlink((dir / n).c_str());
}

void ensure_dir(const fs::path& dir, mode_t mode) {
    if (dir.empty()) return;
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode)) throw_errno(dir, ENOTDIR);
        return;
    }
    if (dir.has_parent_path() && dir.parent_path() != dir) ensure_dir(dir.parent_path(), 0755);
    if (::mkdir(dir.c_str(), mode) != 0) {
        if (errno == EEXIST) return;   // another writer was faster
        throw_errno(dir, errno);
    }
    // Exactly `mode`, whatever the umask.
    if (::chmod(dir.c_str(), mode) != 0) throw_errno(dir, errno);
}

ExclusiveLock::ExclusiveLock(const fs::path& lock_file) {
    fd_.reset(::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!fd_) throw_errno(lock_file, errno);
    struct flock fl {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    while (::fcntl(fd_.get(), F_OFD_SETLKW, &fl) != 0) {
        if (errno != EINTR) throw_errno(lock_file, errno);
    }
}

}  // namespace zones::fsutil
