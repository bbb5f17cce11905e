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
// Plain sd-bus, one connection per call (as scope.cpp): safe on any worker.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "manager.hpp"

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

    void enforce(bool on) { enforce_ = on; }
    bool active() const { return active_; }

private:
    Manager& manager_;
    const bool active_;
    std::atomic<bool> enforce_{false};
};

}  // namespace zones::daemon
