// What an operating system's own init (systemd) needs to run as a zone's
// PID 1 without privilege over the host (systemd.io/CONTAINER_INTERFACE):
// fresh /run and /run/lock tmpfs at every boot, and the zone's own cgroup
// subtree (payload/ of the zone's scope, the root of its cgroup namespace)
// mounted at /sys/fs/cgroup in every hierarchy systemd uses: cgroup2 alone
// on a pure v2 host; on a hybrid host the name=systemd v1 hierarchy at
// /sys/fs/cgroup/systemd and cgroup2 at /sys/fs/cgroup/unified on a
// read-only tmpfs. No v1 controller hierarchy is mounted: limits live on
// the scope and on payload/ itself, above or at the zone's root, never
// below it.
#pragma once

#include <cstdint>
#include <string>

namespace zones::zoneadmd {

// Which cgroup file systems the host has for the zone (cgroup.hpp finds it).
enum class CgroupLayout {
    None,      // no cgroupfs in the zone (zinit zones, zones without a user namespace)
    Unified,   // pure cgroup v2
    Hybrid,    // cgroup2 on unified/ plus the name=systemd v1 tracking hierarchy
    Legacy,    // name=systemd v1 only
};

// Run in the per-boot mount namespace (root = the zone root, host
// credentials, inside the zone's cgroup namespace), after /proc: "" or an
// error line. root_uid/root_gid: zone root on the host (its id range's
// base, 0 without a user namespace), the owner of /run and /run/lock.
std::string mount_system_dirs(CgroupLayout layout, std::uint32_t root_uid);

}  // namespace zones::zoneadmd
