// Which zone files of the store changed since zonesd last asked: an
// inotify watch on ROOT/etc/zones, read without blocking before the cached
// configurations are used. So a boot that verifies against every other
// zone looks at no file of theirs unless it changed (a stat of each cost
// 2.5 ms of zonesd's time per boot beside 500 zones). Without a watch (no
// directory yet, inotify refused) the caller stats every file as before;
// a list or a SIGHUP looks at every file again in any case.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sys/fd.hpp"

namespace zones::daemon {

class ConfigWatch {
public:
    explicit ConfigWatch(std::filesystem::path dir) : dir_(std::move(dir)) {}

    // Adds to `changed` the zones (file names without ".xml") whose files
    // changed since the last call; `all` when anything may have changed
    // unseen (the watch was just set up, its queue overflowed, the
    // directory went). False when no watch is in place: nothing may be
    // trusted without a stat then.
    bool poll(std::vector<std::string>& changed, bool& all);

private:
    std::filesystem::path dir_;
    sys::Fd fd_;
    int wd_ = -1;
};

}  // namespace zones::daemon
