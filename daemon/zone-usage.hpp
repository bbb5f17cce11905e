// What a live zone uses, read from its cgroups: the payload/ sub-cgroup of
// zone-NAME.scope (every process of the zone; zoneadmd in supervisor/ is
// not counted), found from zoneadmd's own /proc/PID/cgroup, in whichever
// hierarchy holds each controller (cgroup v1, hybrid or v2). Plus the
// zone's caps from its configuration. No D-Bus here.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "zones/config.hpp"

namespace zones::daemon {

struct ZoneUsage {
    std::uint64_t cpu_usec = 0;        // CPU time of the zone since its cgroups were made
    std::uint64_t memory_bytes = 0;    // memory charged to the zone (RSS and page cache)
    std::uint64_t lwps = 0;            // tasks (threads) in the zone
    std::uint64_t dedicated_cpus = 0;  // CPUs the rctl plugin gave the zone (dedicated-cpu)
    // Each only where the host's cgroups (or the zone's state) have it:
    std::optional<std::uint64_t> memory_limit_bytes;  // the memory limit in force (none: unlimited)
    std::optional<std::uint64_t> swap_bytes;          // swap used (v2, or v1 with memsw accounting)
    std::optional<std::uint64_t> swap_limit_bytes;    // the swap limit in force (v2)
    std::optional<std::uint64_t> lwps_limit;          // the task limit in force on the zone's processes
    std::optional<std::uint64_t> boot_time_usec;      // when init started (µs since the epoch): running zones
    std::optional<std::uint64_t> console_log_bytes;   // NAME.console + NAME.console.old
};

// nullopt when the zone has no zoneadmd or no cgroups (not ready/running).
// `console_log`: the zone's console log file (its .old beside it), or empty.
// The cost does not depend on the number of zones (the host's cgroup mounts
// are looked up once per process, not in the mount table every zone grows).
std::optional<ZoneUsage> read_zone_usage(const std::filesystem::path& zone_run_dir,
                                         const std::filesystem::path& console_log = {});

// The start of a process in µs since the epoch from its /proc/PID/stat
// text: `boot_epoch_usec` is when the host booted (realtime minus
// CLOCK_BOOTTIME), `ticks` the clock ticks per second. nullopt when the
// text cannot be parsed.
std::optional<std::uint64_t> process_start_usec(const std::string& stat, std::uint64_t boot_epoch_usec,
                                                std::uint64_t ticks);

// A cgroup limit file's value: "max" (v2) or a v1 value of 2^62 and more
// (v1's "unlimited" is PAGE_COUNTER_MAX pages) is no limit.
std::optional<std::uint64_t> parse_cgroup_limit(const std::string& text);

// The figures as the D-Bus GetUsage call hands them out (a{st}): usage
// ("cpu-usec", "memory-bytes", "lwps"), the host ("online-cpus",
// "physmem-bytes", "dedicated-cpus" when it holds some) and the caps that are configured ("cpu-cap-percent",
// "cpu-shares", "memory-cap-bytes", "swap-cap-bytes",
// "locked-cap-bytes", "lwps-cap", "processes-cap", "shm-memory-cap-bytes",
// "shm-ids-cap", "msg-ids-cap", "sem-ids-cap"). A cap of action=none is
// there too, with KEY + "-observed" = 1. What is in force and where it is
// known: "memory-limit-bytes", "swap-bytes", "swap-limit-bytes",
// "lwps-limit", "boot-time-usec", "console-log-bytes".
std::map<std::string, std::uint64_t> usage_figures(const ZoneUsage& usage, const ZoneConfig& cfg);

}  // namespace zones::daemon
