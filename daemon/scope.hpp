// A zone's transient scope zone-NAME.scope under zones.slice, through
// org.freedesktop.systemd1 (cpp-stack.md §1.2-1.4, §1.8). Each zonesd
// thread keeps its own plain sd-bus connection (opened on first use,
// subscribed once, reopened if it broke) and waits on it, so calls run on
// any worker thread without locks and without touching zonesd's sdbus-c++
// loop, and a slow systemd job for one zone never holds up another.
#pragma once

#include <sys/types.h>
#include <systemd/sd-bus.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cgroup-mounts.hpp"
#include "zones/scope_name.hpp"

namespace zones::daemon {

// zone_scope_unit, unit_unescape: zones/scope_name.hpp.
using zones::unit_unescape;
using zones::zone_scope_unit;

// True when systemd runs this system (sd_booted()).
bool have_systemd();

// This thread's own connection to the system bus (see above), opened on
// first use and kept: for any other call to systemd from a zonesd thread,
// so that no call opens a connection of its own. Throws ZoneError(Internal).
sd_bus* thread_system_bus();
// Connect this thread's bus and Subscribe() now, while idle, so that the
// first scope a worker starts does not pay for it (auth, Hello, Subscribe:
// round trips through dbus-daemon). Quiet on failure: the first use retries.
void warm_thread_bus();

// StartTransientUnit(zone-NAME.scope, "fail", PIDs=[pid], Slice=zones.slice,
// Description="Zone NAME", Delegate=true, CollectMode=inactive-or-failed),
// with the JobRemoved match and Subscribe() in place before the call;
// returns when the job is done. Throws ZoneError(Internal) with systemd's
// reason otherwise.
//
// `controller` (zonesd's unique bus name; may be empty) becomes the scope's
// Controller: `systemctl stop zone-NAME.scope` then sends RequestStop to
// zonesd, which halts the zone in order, instead of systemd's SIGTERM.
// Controller can only be set at creation. systemd forgets it when that
// name leaves the bus, so for zones booted by an earlier zonesd (before a
// restart), stopping the scope falls back to systemd's SIGTERM/SIGKILL.
void start_zone_scope(const std::string& zone, pid_t pid, const std::string& controller);

// zone-install-NAME.scope (zones.slice): the debian brand's bootstrap runs
// there, not in zones.service, whose IPAddressDeny=any would keep it from
// the apt mirrors. No Delegate, no Controller: systemd's defaults.
std::string install_scope_unit(const std::string& zone);
void start_install_scope(const std::string& zone, pid_t pid);

// The zone a RequestStop's object path (/org/freedesktop/systemd1/unit/
// zone_2dNAME_2escope) names, or nullopt for any other unit.
std::optional<std::string> zone_from_scope_path(const std::string& path);

// The scope is being stopped (ActiveState "deactivating").
bool zone_scope_stopping(const std::string& zone);

// AttachProcessesToUnit(zone-NAME.scope, "/supervisor", [pid]) (an absolute
// path inside the unit; the scope's own cgroup when supervisor/ is missing): a restarted
// zoneadmd joins the zone's existing scope.
void attach_to_zone_scope(const std::string& zone, pid_t pid);

// The scope exists and is active (or activating). When systemd's cgroup
// tree shows no cgroup of the scope, it is not, and systemd is not asked
// (a round trip to PID 1, about 1 ms cold, on every ready and boot from
// installed).
bool zone_scope_active(const std::string& zone);

// Where a unit's cgroup of systemd's tree is seen here, from our own
// /proc/self/cgroup (`self`), the cgroup mounts (cgroup-mounts.hpp) and
// whether a directory exists (`is_dir`): the mount of name=systemd (v1,
// hybrid), else of the unified hierarchy, if our own cgroup's path is a
// directory under it, so that the mount's root is systemd's. Empty when
// not (another cgroup namespace: our cgroup is "/" there): then only
// systemd can tell.
std::string systemd_cgroup_root(const std::string& self, const CgroupMounts& mounts,
                                bool (*is_dir)(const std::string&));

// The scope is not there to be started again: not loaded, inactive or
// failed (not "deactivating": systemd still holds its name).
bool zone_scope_gone(const std::string& zone);

}  // namespace zones::daemon
