// The one owning file descriptor of the project (daemons, plugins, tools
// and libzones), and the "PATH: strerror" line every caller reports with.
#pragma once

#include <string>
#include <string_view>

namespace zones::sys {

class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    Fd(Fd&& o) noexcept : fd_(o.release()) {}
    Fd& operator=(Fd&& o) noexcept {
        if (this != &o) reset(o.release());
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }

    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    int release() {
        const int f = fd_;
        fd_ = -1;
        return f;
    }
    // Closes the fd held (errno is kept: callers report the failure that led here).
    void reset(int fd = -1);

private:
    int fd_ = -1;
};

// "WHAT: strerror(err)", one line.
std::string errno_text(std::string_view what, int err);

}  // namespace zones::sys
