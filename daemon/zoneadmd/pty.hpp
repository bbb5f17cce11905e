// The zone console: a pty from the zone's own devpts instance (the host's
// ptmx may be mode 000), slave bound onto the zone's /dev/console. The
// master stays in zoneadmd from ready on; what the zone writes is appended
// to STOREROOT/var/log/zones/NAME.console (bounded: rotated to .old).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "fd.hpp"

namespace zones::zoneadmd {

// In the zone's mount namespace (helper process): allocate and bind.
std::string open_console(Fd& master, Fd& slave);

class ConsoleLog {
public:
    static constexpr std::size_t kMaxSize = 1 << 20;
    std::string open(const std::string& path);
    void append(std::string_view data);
    void notice(std::string_view text);   // "[NOTICE: TEXT]\r\n"

private:
    std::string path_;
    Fd fd_;
    std::size_t size_ = 0;
};

}  // namespace zones::zoneadmd
