// Where the cgroup hierarchies are mounted in zonesd's mount namespace, from
// its mount table (systemd mounts them at /sys/fs/cgroup, .../unified,
// .../systemd, but an operator's or a container's layout may differ).
#pragma once

#include <filesystem>
#include <istream>
#include <map>
#include <string>

namespace zones::daemon {

// A v1 controller or "name=X" -> its mount point; "" -> the cgroup2 mount.
// The first mount of each wins (a later one is a bind, e.g. a zone's).
using CgroupMounts = std::map<std::string, std::filesystem::path>;

CgroupMounts parse_cgroup_mounts(std::istream& mountinfo);

// Ours, read once: the hierarchies do not move while zonesd runs, and the
// mount table grows with every zone (each has mounts of its own).
const CgroupMounts& cgroup_mounts();

}  // namespace zones::daemon
