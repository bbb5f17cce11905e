#include "sys/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "sys/fd.hpp"

namespace zones::sys {

bool read_fd(int fd, std::string& out, std::size_t max) {
    out.clear();
    char buf[16384];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        if (static_cast<std::size_t>(n) > max - out.size()) {
            errno = EFBIG;
            return false;
        }
        out.append(buf, static_cast<std::size_t>(n));
    }
}

bool read_file(const std::string& path, std::string& out, std::size_t max) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    return fd && read_fd(fd.get(), out, max);
}

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) {
            errno = EIO;
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool write_file(const std::string& path, std::string_view data) {
    Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY));
    if (!fd || !write_all(fd.get(), data)) return false;
    return ::close(fd.release()) == 0;
}

bool replace_file(const std::string& path, std::string_view data, mode_t mode, bool durable) {
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    std::string tmpl = dir + "/" + std::string(kTempPrefix) + name + ".XXXXXX";
    std::vector<char> tmp(tmpl.begin(), tmpl.end());
    tmp.push_back('\0');
    Fd fd(::mkostemp(tmp.data(), O_CLOEXEC));
    if (!fd) return false;
    // mkostemp creates 0600; fchmod sets exactly `mode`, whatever the umask.
    bool ok = ::fchmod(fd.get(), mode) == 0 && write_all(fd.get(), data) &&
              (!durable || ::fsync(fd.get()) == 0) && ::close(fd.release()) == 0 &&
              ::rename(tmp.data(), path.c_str()) == 0;
    if (!ok) {
        const int saved = errno;
        ::unlink(tmp.data());
        errno = saved;
        return false;
    }
    if (durable) {
        Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!d || ::fsync(d.get()) != 0) return false;
    }
    return true;
}

}  // namespace zones::sys
