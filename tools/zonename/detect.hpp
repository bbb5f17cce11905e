// Which zone a process is in: from the file zoneadmd publishes in a zone's
// /dev, else from its /proc/PID/cgroup text.
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <string_view>

namespace zones::zonename {

// The zone named by one cgroup path: "/zones.slice/zone-<NAME escaped as a
// systemd unit name>.scope" at the start (the hierarchy's root, where
// systemd puts zonesd's scopes; the same elements deeper down are some
// delegated subtree's, not a zone's). nullopt otherwise.
std::optional<std::string> zone_of_cgroup(std::string_view path);

// The zone of the first /proc/PID/cgroup line ("ID:controllers:path") that
// names one; "global" when none does.
std::string zone_of_cgroup_file(std::istream& in);

// The name in /dev/.zonename (zoneadmd binds it read-only into every
// zone's /dev after pivot_root; the host's /dev has none). Trusted only as a regular file on a read-only mount, so a stray
// writable file on the host cannot name a zone. nullopt otherwise.
std::optional<std::string> zone_of_dev_file(const char* path = "/dev/.zonename");

}  // namespace zones::zonename
