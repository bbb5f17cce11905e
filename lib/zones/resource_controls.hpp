// What a zone's configuration asks of the kernel, in one flat shape: the
// caps of capped-memory, capped-cpu, dedicated-cpu, cpu-shares and the
// zone.* rctls, each with whether it is enforced. Pure: shared by the rctl
// plugin (which turns it into scope properties and IPC sysctls) and by
// zonesd/zonestat (which report usage against it).
//
// rctl values: the lowest limit among the values with action=deny is
// enforced; with only action=none values the lowest one is observed
// (reported against, never enforced), as illumos does for `none`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "zones/config.hpp"

namespace zones {

struct Cap {
    std::uint64_t value = 0;
    bool enforced = true;      // false: action=none, only observed
    bool operator==(const Cap&) const = default;
};

struct ResourceControls {
    std::optional<Cap> physical;        // capped-memory physical (bytes)
    std::optional<Cap> swap;            // zone.max-swap (bytes, RAM + swap as in Solaris)
    std::optional<Cap> locked;          // zone.max-locked-memory (bytes)
    std::optional<Cap> cpu_cap;         // zone.cpu-cap (percent of one CPU)
    std::optional<Cap> cpu_shares;      // zone.cpu-shares
    std::optional<Cap> lwps;            // zone.max-lwps
    std::optional<Cap> processes;       // zone.max-processes
    std::optional<Cap> shm_memory;      // zone.max-shm-memory (bytes)
    std::optional<Cap> shm_ids;         // zone.max-shm-ids
    std::optional<Cap> msg_ids;         // zone.max-msg-ids
    std::optional<Cap> sem_ids;         // zone.max-sem-ids
    unsigned dedicated_min = 0;         // dedicated-cpu ncpus N or N-M (0: none)
    unsigned dedicated_max = 0;
    bool operator==(const ResourceControls&) const = default;

    // The task cap: max-lwps and max-processes both bound the zone's
    // tasks (Linux counts threads), the lower enforced one wins.
    std::optional<Cap> tasks() const;
};

// Throws ZoneError(Invalid) naming the rctl when a limit is not a number;
// the configuration has verified, so that means a hand-edited file.
ResourceControls resource_controls(const ZoneConfig& cfg);

// True for the zone.* rctls above, the ones something on Linux enforces
// (verify refuses every other name: it would be accepted and ignored).
bool rctl_has_effect(std::string_view name);

// The effective cap of one rctl (see above), nullopt when absent.
std::optional<Cap> rctl_cap(const ZoneConfig& cfg, std::string_view name);

}  // namespace zones
