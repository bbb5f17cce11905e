// Typed calls of org.zones.Manager for the tools (see
// dbus/org.zones.Manager.xml). Each throws ZoneError with the service's
// illumos line.
#pragma once

#include <cstdint>
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
std::string get_configuration(const Bus& bus, const std::string& name);
std::string get_template(const Bus& bus, const std::string& name);
// Returns the zone's object path. old_name: "" for a new zone.
std::string set_configuration(const Bus& bus, const std::string& old_name,
                              const std::string& xml);
std::vector<std::string> verify_configuration(const Bus& bus, const std::string& xml);
void delete_configuration(const Bus& bus, const std::string& name, bool force);

}  // namespace zones::client
