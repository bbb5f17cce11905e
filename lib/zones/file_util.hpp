// Small POSIX helpers for the store: an owning fd, whole-file reads,
// atomic replacement (temp, fsync, rename, fsync dir) and the OFD lock.
// Internal to libzones; errors are ZoneError(Internal, "PATH: strerror").
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace zones::fsutil {

class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& o) noexcept : fd_(o.release()) {}
    UniqueFd& operator=(UniqueFd&& o) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }

    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    int release() { int fd = fd_; fd_ = -1; return fd; }
    void reset(int fd = -1);

private:
    int fd_ = -1;
};

// Every temporary file the store creates starts with this, so stale ones
// (left by a writer that was killed) can be found and removed.
inline constexpr std::string_view kTempPrefix = ".zones-tmp.";

[[noreturn]] void throw_errno(const std::filesystem::path& path, int err);

// The whole file, or nullopt when it does not exist. Files larger than
// max_size are refused (ZoneError Damaged) rather than read.
std::optional<std::string> read_file(const std::filesystem::path& path, std::size_t max_size);

// Replace dir/name with data atomically: after a crash either the old or
// the new contents are there, never a mix. Mode 0644.
void write_file_atomic(const std::filesystem::path& dir, const std::string& name,
                       std::string_view data);

// Unlink dir/name (a missing file is fine) and make that durable.
void remove_file_durable(const std::filesystem::path& dir, const std::string& name);

// Remove kTempPrefix files in dir; call only while holding the store lock.
void remove_stale_temps(const std::filesystem::path& dir);

// mkdir -p: a created `dir` gets exactly `mode`, created parents 0755.
void ensure_dir(const std::filesystem::path& dir, mode_t mode);

// An exclusive open-file-description lock on a file (created 0600): it
// serialises threads of one process as well as separate processes, and
// the kernel drops it when the holder dies.
class ExclusiveLock {
public:
    explicit ExclusiveLock(const std::filesystem::path& lock_file);

private:
    UniqueFd fd_;
};

}  // namespace zones::fsutil
