// The zone console: a pty from the zone's own devpts instance (the host's
// ptmx may be mode 000), slave bound onto the zone's /dev/console. The
// master stays in zoneadmd from ready on; what the zone writes is appended
// to STOREROOT/var/log/zones/NAME.console (bounded: rotated to .old),
// whether or not anybody is attached, and copied to the attached console
// client (zlogin -C, sessions.cpp) if there is one.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "sys.hpp"

namespace zones::zoneadmd {

// In the zone's mount namespace (helper process): allocate and bind.
std::string open_console(Fd& master, Fd& slave);

class ConsoleLog {
public:
    static constexpr std::size_t kMaxSize = 1 << 20;
    std::string open(const std::string& path);
    void append(std::string_view data);
    void notice(std::string_view text);   // "[NOTICE: TEXT]\r\n"

    // The console master (zone_platform.cpp sets it at every new console):
    // where an attached client's keystrokes go. -1: no console now.
    void set_master(int fd) { master_ = fd; }
    int master() const { return master_; }
    // Everything appended is also handed to `tee` (the attached client).
    void set_tee(std::function<void(std::string_view)> tee) { tee_ = std::move(tee); }

private:
    int master_ = -1;
    std::function<void(std::string_view)> tee_;
    std::string path_;
    Fd fd_;
    std::size_t size_ = 0;
};

}  // namespace zones::zoneadmd
