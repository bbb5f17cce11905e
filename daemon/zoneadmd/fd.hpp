// Owning fd and the few whole-file helpers zoneadmd needs (no iostreams:
// zoneadmd stays small).
#pragma once

#include <string>
#include <string_view>

namespace zones::zoneadmd {

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
    int release() { int f = fd_; fd_ = -1; return f; }
    void reset(int fd = -1);

private:
    int fd_ = -1;
};

// "" on success, else "PATH: strerror" (one line).
std::string errno_text(std::string_view what, int err);

// Whole small file (up to 64 KiB); false when it cannot be read.
bool read_text(const std::string& path, std::string& out);
// Replace a small file atomically (PATH.tmp + rename); "" or an error line.
std::string write_text(const std::string& path, std::string_view data, unsigned mode = 0644);
// write(2) all of data, retrying on EINTR.
bool write_all(int fd, std::string_view data);

}  // namespace zones::zoneadmd
