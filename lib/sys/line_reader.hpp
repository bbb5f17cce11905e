// Line-by-line reading of a kernel text file (/proc/self/mountinfo,
// cgroup.procs, ...) through one fixed buffer: memory stays bounded
// whatever the file's size, nothing is capped into a failure, and the
// caller can stop as soon as it has what it needs. Files whose size grows
// with the host (every zone's mounts, every process) are read this way.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "sys/fd.hpp"

namespace zones::sys {

class LineReader {
public:
    // A line longer than `max_line` bytes is skipped whole (counted in
    // skipped()), never truncated: a half line would parse as something else.
    explicit LineReader(int fd, std::size_t max_line = kDefaultMaxLine);
    static LineReader open(const std::string& path, std::size_t max_line = kDefaultMaxLine);

    // The next line, without its '\n' (a last line without one counts);
    // valid until the next call. False at the end or on a read error.
    bool next(std::string_view& line);

    bool is_open() const { return fd_ >= 0; }
    bool failed() const { return error_ != 0; }   // errno of the failed open/read
    int error() const { return error_; }
    std::size_t skipped() const { return skipped_; }

    static constexpr std::size_t kDefaultMaxLine = 64 * 1024;

private:
    LineReader(Fd owned, int error, std::size_t max_line);
    bool fill();   // read more into buf_; false at EOF or error

    Fd owned_;
    int fd_ = -1;
    int error_ = 0;
    std::size_t max_line_;
    std::size_t skipped_ = 0;
    bool eof_ = false;
    std::string buf_;
    std::size_t start_ = 0;   // first byte of buf_ not yet returned
};

}  // namespace zones::sys
