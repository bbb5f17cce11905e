// zone@NAME.service enablement kept in step with the zone's autoboot
// property (illumos-reference.md §6.4; units/zone@.service.in).
//
// The zone's configuration is the source of truth: `zonecfg set autoboot`
// enables or disables zone@NAME.service (EnableUnitFiles of it and of
// zones.target, AddDependencyUnitFiles zones.target Wants= it, or
// DisableUnitFiles; then Reload). The host boots it (multi-user.target, its
// [Install]), and so does `systemctl start zones.target`. `systemctl enable/disable zone@NAME`
// is taken back into the configuration: on systemd's UnitFilesChanged, and
// once at zonesd start (an admin may have run systemctl while zonesd was
// not running), each zone whose unit file state is plainly "enabled" or
// "disabled" and disagrees gets its autoboot rewritten to match. Other
// states (masked, linked, ...) are left alone either way.
//
// Which zones to look at is found with one scan of systemd's configuration
// directories (unit-links.hpp), not one query per zone: a `systemctl
// enable` of an unrelated unit asks systemd nothing. The calls that remain
// (GetUnitFileState and the changes) go over the calling thread's own
// system-bus connection (scope.hpp): safe on any worker, and no call opens
// a connection of its own.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "manager.hpp"
#include "unit-links.hpp"

namespace zones::daemon {

// "zone@" + the name escaped as systemd escapes instances + ".service".
std::string zone_service_unit(const std::string& zone);

class ZoneUnits {
public:
    // Inactive (every call a no-op) without systemd or with a test store root.
    ZoneUnits(Manager& manager, bool active) : manager_(manager), active_(active) {}

    // Configuration -> unit: make zone@NAME.service enabled iff `autoboot`.
    // Only once enforce(true) was called (not during the start-up refresh).
    // Never throws; failures are logged.
    void autoboot_changed(const std::string& name, bool autoboot);
    void zone_removed(const std::string& name);

    // Unit -> configuration for one zone. Run on the zone's lane. Never throws.
    void adopt_unit_state(const std::string& name);

    // Once at zonesd start, after the store was read: unit -> configuration
    // for the zones whose unit has entries (or whose autoboot is true),
    // then enforce(true) and configuration -> unit for the same zones.
    void start_up();

    // On UnitFilesChanged: true when the caller is to run changed_zones()
    // (on a worker); false while a scan is already waiting to run.
    bool request_scan();
    void scan_not_queued() { scan_pending_ = false; }
    // Rescans; the zones whose zone@ entries changed since the last scan
    // (every zone when the template's did). Each is then for
    // adopt_unit_state on its lane.
    std::vector<std::string> changed_zones();

    void enforce(bool on) { enforce_ = on; }
    bool active() const { return active_; }

private:
    Manager& manager_;
    const bool active_;
    std::atomic<bool> enforce_{false};
    std::atomic<bool> scan_pending_{false};
    std::mutex mu_;
    UnitLinks links_;      // the last scan
};

}  // namespace zones::daemon
