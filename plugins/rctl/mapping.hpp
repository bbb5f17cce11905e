// The rctl plugin's pure half: resource controls -> systemd unit properties
// of zone-NAME.scope, IPC sysctls of the zone's IPC namespace, and the
// checks done before anything is set. No I/O; unit-tested.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "zones/resource_controls.hpp"

namespace zones::rctl {

inline constexpr std::uint64_t kInfinity = std::numeric_limits<std::uint64_t>::max();

// zoneadmd lives in the scope too (supervisor/), like illumos' zsched lives
// in its zone: its memory (about 2 MiB) counts against the memory cap, but
// TasksMax gets this many tasks on top of the zone's max-lwps for zoneadmd
// and the short-lived helpers it forks, so a zone at its limit can still
// be halted and applied to.
inline constexpr std::uint64_t kSupervisorTasks = 4;

// IPCMNI: the most IPC identifiers of one kind a namespace can have.
inline constexpr std::uint64_t kIpcMni = 32768;

// The properties, always all of them: kInfinity (or an empty mask) resets
// one, so a set of properties is also the way back to the old values.
struct UnitProperties {
    std::uint64_t memory_max = kInfinity;            // MemoryMax
    std::uint64_t memory_swap_max = kInfinity;       // MemorySwapMax
    std::uint64_t cpu_quota_per_sec_usec = kInfinity;// CPUQuotaPerSecUSec
    std::uint64_t cpu_weight = kInfinity;            // CPUWeight (kInfinity: systemd's default)
    std::uint64_t tasks_max = kInfinity;             // TasksMax
    std::vector<unsigned> allowed_cpus;              // AllowedCPUs (empty: all)
    bool operator==(const UnitProperties&) const = default;
};

UnitProperties unit_properties(const ResourceControls& rc, const std::vector<unsigned>& dedicated_cpus);

// AllowedCPUs= as systemd wants it: a little-endian bit mask, one bit per CPU.
std::vector<std::uint8_t> cpu_mask(const std::vector<unsigned>& cpus);

// "0-3,6" (what /sys/devices/system/cpu/online and systemctl show) <-> list.
std::vector<unsigned> parse_cpu_list(std::string_view text);
std::string format_cpu_list(const std::vector<unsigned>& cpus);

// "kernel/shmmax" -> "NNN": what to write below /proc/sys inside the zone's
// IPC namespace. `sem` is the namespace's current kernel/sem line (SEMMSL
// SEMMNS SEMOPM SEMMNI); only SEMMNI changes.
struct Sysctl {
    std::string key, value;
    bool operator==(const Sysctl&) const = default;
};
// With `full`, a limit that is not set gets the value a new IPC namespace
// starts with (the kernel's MSGMNI, SHMMNI, SHMMAX, SHMALL, SEMMNI), so a
// cleared limit goes back to it at apply.
std::vector<Sysctl> ipc_sysctls(const ResourceControls& rc, std::string_view sem, std::uint64_t page_size,
                                bool full = false);

// The host-independent checks of the plugin (zoneadm verify, ready, apply):
// "" or the cause, e.g. "zone.max-msg-ids 100000 exceeds the system maximum 32768".
std::string check(const ResourceControls& rc);

// dedicated-cpu: pick CPUs for the zone from `online`, never one in
// `taken` (dedicated to another zone) and never the last one left for the
// global zone; the highest-numbered first. Returns "" or the cause.
std::string pick_cpus(unsigned min, unsigned max, const std::vector<unsigned>& online,
                      const std::vector<unsigned>& taken, std::vector<unsigned>& out);

}  // namespace zones::rctl
