// Typed calls of org.zones.Manager for the tools (see
// dbus/org.zones.Manager.xml). Each throws ZoneError with the service's
// illumos line.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "client/bus.hpp"

namespace zones::client {

// One row of ListZones.
struct ZoneSummary {
    std::int32_t id = -1;            // -1: not ready/running
    std::string name;
    std::string state;               // "configured", "running", ...
    std::string zonepath;
    std::string uuid;
    std::string brand;
    std::string ip_type;             // "shared" | "exclusive"
    std::string object_path;
};

std::vector<ZoneSummary> list_zones(const Bus& bus);
// The Autoboot property of every zone's object, by object path: one call
// (ObjectManager's GetManagedObjects on /org/zones), not one per zone.
std::map<std::string, bool> zones_autoboot(const Bus& bus);
std::string get_configuration(const Bus& bus, const std::string& name);
std::string get_template(const Bus& bus, const std::string& name);
// Returns the zone's object path. old_name: "" for a new zone.
std::string set_configuration(const Bus& bus, const std::string& old_name,
                              const std::string& xml);
std::vector<std::string> verify_configuration(const Bus& bus, const std::string& xml);
void delete_configuration(const Bus& bus, const std::string& name, bool force);

// The lifecycle (Manager.Install ... Reboot). Install may copy gigabytes:
// it waits for as long as that takes.
void install_zone(const Bus& bus, const std::string& name, const std::vector<std::string>& args);
void uninstall_zone(const Bus& bus, const std::string& name, bool force);
void mark_incomplete(const Bus& bus, const std::string& name);
// Mark: "incomplete" or "unavailable".
void mark_zone(const Bus& bus, const std::string& name, const std::string& state);
// Clone, Move, Attach: the lines to show ("WARNING: ..." for stderr).
// Each may copy gigabytes: they wait for as long as that takes.
std::vector<std::string> clone_zone(const Bus& bus, const std::string& name, const std::string& source,
                                    const std::vector<std::string>& args);
std::vector<std::string> move_zone(const Bus& bus, const std::string& name, const std::string& zonepath);
// The manifest's text for a dry run, else "".
std::string detach_zone(const Bus& bus, const std::string& name, bool dry_run);
std::vector<std::string> attach_zone(const Bus& bus, const std::string& name, bool force);
// attach -n: a manifest checked against this host.
std::vector<std::string> check_manifest(const Bus& bus, const std::string& manifest);
// The warnings (each "WARNING: ...", maybe several lines).
std::vector<std::string> verify_zone(const Bus& bus, const std::string& name);
// Each returns the service's notice ("" or e.g. "zone is already booted").
std::string ready_zone(const Bus& bus, const std::string& name);
std::string boot_zone(const Bus& bus, const std::string& name, const std::string& args);
std::string halt_zone(const Bus& bus, const std::string& name);
std::string shutdown_zone(const Bus& bus, const std::string& name, bool reboot,
                          const std::string& args);
// Shutdown whose init gets at most `seconds` before the zone is halted.
std::string shutdown_zone_within(const Bus& bus, const std::string& name, unsigned seconds);
std::string reboot_zone(const Bus& bus, const std::string& name, const std::string& args);

// ready, boot and halt with where the time went (Manager.*Timed, zoneadm
// -v). `since`: CLOCK_MONOTONIC in usec when the caller started.
struct Phase {
    std::string name;
    bool meanwhile = false;      // beside the others, not part of their sum
    std::uint64_t start_usec = 0;    // CLOCK_MONOTONIC
    std::uint64_t usec = 0;
};
struct TimedReply {
    std::string notice;
    std::vector<Phase> phases;
    std::uint64_t received_usec = 0;   // CLOCK_MONOTONIC when the reply came
};
std::uint64_t monotonic_usec();
TimedReply ready_zone_timed(const Bus& bus, const std::string& name, std::uint64_t since);
TimedReply boot_zone_timed(const Bus& bus, const std::string& name, const std::string& args,
                           std::uint64_t since);
TimedReply halt_zone_timed(const Bus& bus, const std::string& name, std::uint64_t since);

// One entry of the zone's administrative history (Manager.GetZoneLog).
struct LogEntry {
    std::uint64_t usec = 0;          // when, microseconds since the epoch
    std::string user;                // "" when the uid had no name
    std::uint32_t uid = UINT32_MAX;  // UINT32_MAX: unknown
    std::uint32_t pid = 0;
    std::string verb;                // boot, login, ...
    std::string result;              // ok, denied, failed
    std::string authorized_by;       // root, admin, polkit, ""
    std::string detail;              // the error line
};
std::vector<LogEntry> zone_log(const Bus& bus, const std::string& name, std::uint32_t count);

}  // namespace zones::client
