// zoneadm log: a zone's administrative history as a table (pure, no D-Bus).
//
//   TIME                 USER           PID  VERB       RESULT
//   2026-12-06 21:03:11  root           812  boot       ok
//   2026-12-06 21:04:02  bob           4242  halt       ok (admin)
//   2026-12-06 21:04:09  mallory       4250  halt       denied: zone 'web': User mallory is not authorized to halt this zone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zones::zoneadm {

struct LogLine {
    std::uint64_t usec = 0;           // microseconds since the epoch
    std::string user;                 // "" when the uid had no name
    std::uint32_t uid = UINT32_MAX;   // UINT32_MAX: unknown
    std::uint32_t pid = 0;            // 0: unknown
    std::string verb;
    std::string result;               // ok, denied, failed
    std::string authorized_by;        // root, admin, polkit, ""
    std::string detail;               // the error line
};

// The header and one line per entry, times in the local time zone.
std::string format_log(const std::vector<LogLine>& lines);

}  // namespace zones::zoneadm
