// The store's file helpers on top of lib/sys: whole-file reads, durable
// atomic replacement (temp, fsync, rename, fsync dir) and the OFD lock.
// Errors are ZoneError(Internal, "PATH: strerror").
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sys/fd.hpp"
#include "sys/file_io.hpp"

namespace zones::fsutil {


// Every temporary file the store creates starts with this, so stale ones
// (left by a writer that was killed) can be found and removed.
using sys::kTempPrefix;

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

// Remove the kTempPrefix files in dir of the files `ours` names (the name a
// temporary would replace); call only while holding the lock under which
// those files are written. Others' temporaries in dir (the idmap's, under
// its own lock) may be in use.
void remove_stale_temps(const std::filesystem::path& dir,
                        const std::function<bool(std::string_view)>& ours);

// mkdir -p: a created `dir` gets exactly `mode`, created parents 0755.
void ensure_dir(const std::filesystem::path& dir, mode_t mode);

// An exclusive open-file-description lock on a file (created 0600): it
// serialises threads of one process as well as separate processes, and
// the kernel drops it when the holder dies.
class ExclusiveLock {
public:
    explicit ExclusiveLock(const std::filesystem::path& lock_file);

private:
    sys::Fd fd_;
};

}  // namespace zones::fsutil
