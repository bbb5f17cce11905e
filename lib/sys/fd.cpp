#include "sys/fd.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace zones::sys {

void Fd::reset(int fd) {
    if (fd_ >= 0) {
        const int saved = errno;
        ::close(fd_);
        errno = saved;
    }
    fd_ = fd;
}

std::string errno_text(std::string_view what, int err) {
    std::string s(what);
    s += ": ";
    s += std::strerror(err);
    return s;
}

}  // namespace zones::sys
