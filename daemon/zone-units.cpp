#include "zone-units.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>

#include <fmt/format.h>
#include <systemd/sd-bus.h>

#include "log.hpp"
#include "scope.hpp"
#include "unit-links.hpp"
#include "sys/sd_bus.hpp"
#include "zones/xml.hpp"

namespace zones::daemon {
namespace {

using sys::BusError;
using sys::MessagePtr;

constexpr const char* kSystemd = "org.freedesktop.systemd1";
constexpr const char* kSystemdPath = "/org/freedesktop/systemd1";
constexpr const char* kSystemdManager = "org.freedesktop.systemd1.Manager";

[[noreturn]] void fail(std::string_view what, int r, const BusError& e) {
    throw ZoneError(ErrorKind::Internal, fmt::format("{}: {}", what, e.text(r)));
}

// GetUnitFileState: "enabled", "disabled", "masked", ...
std::string unit_file_state(sd_bus* bus, const std::string& unit) {
    BusError e;
    sd_bus_message* raw = nullptr;
    const int r = sd_bus_call_method(bus, kSystemd, kSystemdPath, kSystemdManager,
                                     "GetUnitFileState", e.get(), &raw, "s", unit.c_str());
    MessagePtr reply(raw);
    if (r < 0)
        fail(fmt::format("cannot read the state of {}", unit), r, e);
    const char* state = nullptr;
    if (sd_bus_message_read(reply.get(), "s", &state) < 0 || state == nullptr)
        throw ZoneError(ErrorKind::Internal, "GetUnitFileState: bad reply");
    return state;
}

void call(sd_bus* bus, const char* method, std::string_view what,
          const std::function<int(sd_bus_message*)>& append) {
    sd_bus_message* raw = nullptr;
    int r = sd_bus_message_new_method_call(bus, &raw, kSystemd, kSystemdPath, kSystemdManager,
                                           method);
    MessagePtr m(raw);
    if (r >= 0)
        r = append(m.get());
    BusError e;
    if (r >= 0) {
        sd_bus_message* raw_reply = nullptr;
        r = sd_bus_call(bus, m.get(), 0, e.get(), &raw_reply);
        MessagePtr reply(raw_reply);
    }
    if (r < 0)
        fail(what, r, e);
}

// The link that makes zones.target want the unit (AddDependencyUnitFiles).
bool wanted_by_zones_target(const std::string& unit) {
    std::error_code ec;
    return std::filesystem::is_symlink("/etc/systemd/system/zones.target.wants/" + unit, ec);
}

// Enabling: EnableUnitFiles(force) of the unit ([Install]
// WantedBy=multi-user.target: the host boots it) and of zones.target, plus
// AddDependencyUnitFiles(zones.target, Wants=unit) so that `systemctl
// start zones.target` boots it too. Disabling: DisableUnitFiles, which
// removes every link to the unit. Then Reload, so the links count at once.
// Other states (masked, linked, static, ...) are the admin's: left alone.
// Returns whether anything changed.
bool set_enabled(sd_bus* bus, const std::string& unit, bool enable, const std::string& state) {
    if (state != "enabled" && state != "disabled")
        return false;
    bool changed = false;
    if (enable && state == "disabled") {
        call(bus, "EnableUnitFiles", fmt::format("cannot enable {}", unit), [&](sd_bus_message* m) {
            return sd_bus_message_append(m, "asbb", 2, unit.c_str(), "zones.target", 0, 1);
        });
        changed = true;
    }
    if (enable && !wanted_by_zones_target(unit)) {
        call(bus, "AddDependencyUnitFiles", fmt::format("cannot add {} to zones.target", unit),
             [&](sd_bus_message* m) {
                 return sd_bus_message_append(m, "asssbb", 1, unit.c_str(), "zones.target",
                                              "Wants", 0, 1);
             });
        changed = true;
    }
    if (!enable && state == "enabled") {
        call(bus, "DisableUnitFiles", fmt::format("cannot disable {}", unit),
             [&](sd_bus_message* m) { return sd_bus_message_append(m, "asb", 1, unit.c_str(), 0); });
        changed = true;
    }
    if (changed)
        call(bus, "Reload", "cannot reload systemd", [](sd_bus_message*) { return 0; });
    return changed;
}

}  // namespace

std::string zone_service_unit(const std::string& zone) {
    // zone_scope_unit() escapes the same way: "zone-" NAME ".scope".
    std::string scope = zone_scope_unit(zone);
    return "zone@" + scope.substr(5, scope.size() - 5 - 6) + ".service";
}

void ZoneUnits::autoboot_changed(const std::string& name, bool autoboot) {
    if (!active_ || !enforce_)
        return;
    try {
        sd_bus* bus = thread_system_bus();
        const std::string unit = zone_service_unit(name);
        const std::string state = unit_file_state(bus, unit);
        if (!set_enabled(bus, unit, autoboot, state))
            return;
        log_info(name, fmt::format("autoboot={}: {} {}", autoboot ? "true" : "false",
                                   autoboot ? "enabled" : "disabled", unit));
    } catch (const std::exception& e) {
        log_error(name, fmt::format("cannot bring zone@.service in step with autoboot: {}",
                                    e.what()));
    }
}

void ZoneUnits::zone_removed(const std::string& name) {
    autoboot_changed(name, false);
}

void ZoneUnits::adopt_unit_state(const std::string& name) {
    if (!active_)
        return;
    try {
        const std::optional<ZoneInfo> zone = manager_.find(name);
        if (!zone)
            return;
        const std::string state = unit_file_state(thread_system_bus(), zone_service_unit(name));
        if (state != "enabled" && state != "disabled")
            return;
        const bool want = state == "enabled";
        if (zone->autoboot == want)
            return;
        ZoneConfig cfg = from_xml(manager_.get_configuration(name), "configuration");
        cfg.autoboot = want;
        manager_.set_configuration(name, to_xml(cfg));
        log_info(name, fmt::format("{} is {}: autoboot set to {}", zone_service_unit(name),
                                   state, want ? "true" : "false"));
    } catch (const std::exception& e) {
        log_error(name, fmt::format("cannot take zone@.service's state into autoboot: {}",
                                    e.what()));
    }
}

namespace {

// Whose unit the admin may have touched: it has entries in the
// configuration directories, or the template itself has (an override of
// zone@.service changes every instance).
bool touched(const UnitLinks& links, const std::string& zone) {
    return links.count(kZoneServiceTemplate) != 0 || links.count(zone_service_unit(zone)) != 0;
}

}  // namespace

void ZoneUnits::start_up() {
    if (!active_)
        return;
    UnitLinks links = scan_unit_links(unit_config_dirs());
    // A zone whose unit has no entry anywhere is disabled; it needs a call
    // only when its autoboot says otherwise.
    for (const ZoneInfo& z : manager_.list())
        if (z.autoboot || touched(links, z.name))
            adopt_unit_state(z.name);
    enforce(true);
    for (const ZoneInfo& z : manager_.list())
        if (z.autoboot || touched(links, z.name))
            autoboot_changed(z.name, z.autoboot);       // zones.target's links
    std::lock_guard lock(mu_);
    links_ = std::move(links);
}

bool ZoneUnits::request_scan() {
    return active_ && !scan_pending_.exchange(true);
}

std::vector<std::string> ZoneUnits::changed_zones() {
    scan_pending_ = false;   // a change from now on asks for another scan
    if (!active_)
        return {};
    UnitLinks links = scan_unit_links(unit_config_dirs());
    std::vector<std::string> units;
    {
        std::lock_guard lock(mu_);
        units = changed_units(links_, links);
        links_ = std::move(links);
    }
    std::vector<std::string> zones;
    if (std::find(units.begin(), units.end(), kZoneServiceTemplate) != units.end()) {
        for (const ZoneInfo& z : manager_.list())
            zones.push_back(z.name);
        return zones;
    }
    for (const std::string& unit : units)
        if (std::optional<std::string> zone = zone_of_service_unit(unit))
            zones.push_back(std::move(*zone));
    return zones;
}

}  // namespace zones::daemon
