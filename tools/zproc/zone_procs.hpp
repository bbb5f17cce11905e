// Which zone a process belongs to, seen from the global zone, for zps,
// zpgrep and zpkill (illumos ps -Z/-z, pgrep -z, pkill -z). A process is in
// zone NAME when its /proc/PID/cgroup puts it in the payload/ sub-cgroup of
// zone-NAME.scope under zones.slice (where zoneadmd starts init and every
// zlogin session); everything else, zoneadmd in supervisor/ included (on
// illumos it is a global zone process), is "global". Never guessed from
// namespaces: a process can enter a zone's namespaces without being in it.
#pragma once

#include <istream>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace zones::zproc {

// The zone of one cgroup path ("/zones.slice/zone-web.scope/payload/x"),
// nullopt for a path of the global zone.
std::optional<std::string> zone_of_path(std::string_view path);

// The zone of a /proc/PID/cgroup text (any hierarchy that names one).
std::string zone_of_cgroup_text(std::istream& in);

// The zone of a live process; nullopt when it is gone (or unreadable).
std::optional<std::string> zone_of_pid(long pid);

// "a,b c" -> {"a", "b", "c"} (illumos accepts commas and blanks).
std::vector<std::string> split_list(std::string_view list);

// Zones that have processes or a platform now: "global" or a zone whose
// zone-NAME.scope cgroup exists. illumos zone_get_id() knows only ready
// and running zones, so pgrep -z names no other; we do the same.
bool zone_is_up(const std::string& name);

// The error of the first name in `names` that is no zone up, as illumos
// words it ("invalid zone name -- NAME"); "" when all are.
std::string check_zone_names(const std::vector<std::string>& names);

// The cgroup v2 paths (as /proc/PID/cgroup shows them, "/zones.slice/...")
// that hold the processes of the given zones: for pgrep --cgroup, which
// matches whole names. "global" stands for every cgroup outside any zone's
// payload/. Throws std::runtime_error when cgroup v2 is not mounted.
std::vector<std::string> cgroup_v2_paths(const std::set<std::string>& zones);

}  // namespace zones::zproc
