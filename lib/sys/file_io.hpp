// Whole-file reads and writes on plain POSIX calls (no iostreams: zoneadmd
// stays small). Every function returns false with errno set on failure;
// callers word the error (errno_text in fd.hpp).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

namespace zones::sys {

inline constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();

// Everything up to EOF into `out` (replaced), whatever its size up to `max`
// bytes; more than `max` is EFBIG. Kernel files (/proc, cgroupfs) have no
// size to trust, so they are read until EOF, never with one capped read.
bool read_fd(int fd, std::string& out, std::size_t max = kNoLimit);
bool read_file(const std::string& path, std::string& out, std::size_t max = kNoLimit);

// write(2) all of `data`, retrying on EINTR and short writes.
bool write_all(int fd, std::string_view data);

// Write `data` into an existing file (a cgroup, sysctl or /proc knob):
// O_WRONLY, no create, no truncate of what is not there to truncate.
bool write_file(const std::string& path, std::string_view data);

// Replace `path` atomically: a temporary file beside it (kTempPrefix, so a
// killed writer's leftovers can be found), `mode`, renamed over `path`.
// Readers see the old or the new contents, never a mix. With `durable` the
// data and the directory are fsync'd, so a crash keeps one of the two.
inline constexpr std::string_view kTempPrefix = ".zones-tmp.";
bool replace_file(const std::string& path, std::string_view data, mode_t mode = 0644,
                  bool durable = false);

}  // namespace zones::sys
