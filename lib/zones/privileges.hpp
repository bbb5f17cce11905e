// limitpriv: illumos privilege names (privileges(7)) and what they mean on
// Linux. A zone's limitpriv is expanded left to right ("default", "zone",
// "all", "basic", "none" are sets; "-name" or "!name" removes) into a set
// of illumos privileges, which maps to a capability bounding set and to the
// few system calls the default seccomp profile refuses unless a privilege
// asks for them (sys_time: the clock; sys_acct: acct(2)). Pure logic: the
// runtime (zoneadmd's confine.cpp) applies the result.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace zones {

struct ZoneConfig;

namespace priv {

// The illumos privilege names zonecfg accepts (sets excluded).
const std::vector<std::string_view>& names();

// Linux capabilities (CAP_* numbers) one illumos privilege maps to; empty
// for privileges every process has on Linux (proc_fork, file_read, ...)
// or that have no Linux counterpart (win_*, graphics_*, ...).
std::vector<int> capabilities_of(std::string_view privilege);

// The zone's default set (limitpriv empty or "default"), as on illumos:
// ip-type exclusive adds sys_ip_config and net_rawaccess.
std::set<std::string> default_set(std::string_view ip_type);

// Privileges no zone may hold (illumos refuses them in limitpriv too).
bool prohibited(std::string_view privilege, std::string_view ip_type);

struct Limits {
    std::set<std::string> privileges;   // the expanded illumos set
    std::uint64_t caps = 0;             // bit N = capability N in the bounding set
    bool clock = false;                 // sys_time: clock_settime & co. allowed
    bool acct = false;                  // sys_acct: acct(2) allowed
};

// Expand cfg.limitpriv. `userns`: the zone has its own user namespace, so
// CAP_SYS_ADMIN is bounded by it; without one, sys_admin and sys_mount
// give no CAP_SYS_ADMIN (it would let zone root remount its read-only
// binds and reach the host). "" on success, else the illumos message:
//   privilege "dtrace_kernel" is not permitted within the zone's privilege set
std::string expand(const ZoneConfig& cfg, bool userns, Limits& out);

// CAP_* numbers never in a zone's bounding set, whatever limitpriv says.
const std::vector<int>& never_capabilities();

}  // namespace priv
}  // namespace zones
