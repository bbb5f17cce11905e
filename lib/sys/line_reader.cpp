#include "sys/line_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace zones::sys {

namespace {
constexpr std::size_t kChunk = 16384;
}

LineReader::LineReader(int fd, std::size_t max_line) : fd_(fd), max_line_(max_line ? max_line : 1) {
    if (fd_ < 0) error_ = EBADF;
}

LineReader::LineReader(Fd owned, int error, std::size_t max_line)
    : owned_(std::move(owned)), fd_(owned_.get()), error_(error), max_line_(max_line ? max_line : 1) {}

LineReader LineReader::open(const std::string& path, std::size_t max_line) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    const int err = fd ? 0 : errno;
    return LineReader(std::move(fd), err, max_line);
}

bool LineReader::fill() {
    if (eof_ || error_) return false;
    // Drop what was returned already: the buffer holds at most one partial
    // line (<= max_line_) plus one chunk.
    if (start_) {
        buf_.erase(0, start_);
        start_ = 0;
    }
    const std::size_t old = buf_.size();
    buf_.resize(old + kChunk);
    for (;;) {
        const ssize_t n = ::read(fd_, buf_.data() + old, kChunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) error_ = errno;
        if (n <= 0) {
            buf_.resize(old);
            eof_ = true;
            return false;
        }
        buf_.resize(old + static_cast<std::size_t>(n));
        return true;
    }
}

bool LineReader::next(std::string_view& line) {
    if (fd_ < 0) return false;
    bool skipping = false;    // inside a line too long to keep
    std::size_t seen = 0;     // bytes after start_ known to hold no '\n'
    for (;;) {
        const std::size_t nl = buf_.find('\n', start_ + seen);
        if (nl != std::string::npos) {
            const std::size_t begin = start_;
            start_ = nl + 1;
            seen = 0;
            if (skipping || nl - begin > max_line_) {   // a long line ends: go on with the next
                if (!skipping) ++skipped_;
                skipping = false;
                continue;
            }
            line = std::string_view(buf_).substr(begin, nl - begin);
            return true;
        }
        if (!skipping && buf_.size() - start_ > max_line_) {
            skipping = true;
            ++skipped_;
        }
        if (skipping)
            start_ = buf_.size();   // drop the long line's bytes as they come
        seen = buf_.size() - start_;
        if (!fill()) {   // fill() moves the unreturned bytes to the front
            if (skipping || start_ >= buf_.size()) return false;
            line = std::string_view(buf_).substr(start_);   // a last line without '\n'
            start_ = buf_.size();
            return true;
        }
    }
}

}  // namespace zones::sys
