// Which zone a process is in, from its /proc/PID/cgroup text.
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <string_view>

namespace zones::zonename {

// The zone named by one cgroup path: an element "zones.slice" followed by
// "zone-<NAME escaped as a systemd unit name>.scope". nullopt otherwise.
std::optional<std::string> zone_of_cgroup(std::string_view path);

// The zone of the first /proc/PID/cgroup line ("ID:controllers:path") that
// names one; "global" when none does.
std::string zone_of_cgroup_file(std::istream& in);

}  // namespace zones::zonename
