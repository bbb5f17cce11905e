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
};

// nullopt when the zone has no zoneadmd or no cgroups (not ready/running).
std::optional<ZoneUsage> read_zone_usage(const std::filesystem::path& zone_run_dir);

// The figures as the D-Bus GetUsage call hands them out (a{st}): usage
// ("cpu-usec", "memory-bytes", "lwps"), the host ("online-cpus",
// "physmem-bytes", "dedicated-cpus" when it holds some) and the caps that are configured ("cpu-cap-percent",
// "cpu-shares", "memory-cap-bytes", "swap-cap-bytes",
// "locked-cap-bytes", "lwps-cap", "processes-cap", "shm-memory-cap-bytes",
// "shm-ids-cap", "msg-ids-cap", "sem-ids-cap"). A cap of action=none is
// there too, with KEY + "-observed" = 1.
std::map<std::string, std::uint64_t> usage_figures(const ZoneUsage& usage, const ZoneConfig& cfg);

}  // namespace zones::daemon
