// One zone as zonesd knows it: the index line plus the few configuration
// properties the API shows. The D-Bus object is in zone-dbus.hpp.
#pragma once

#include <cstdint>
#include <string>

#include "zones/config.hpp"

namespace zones::daemon {

struct ZoneInfo {
    std::string name;
    ZoneState state = ZoneState::Configured;
    std::int32_t id = -1;           // -1 unless ready/running (lifecycle)
    std::string zonepath;
    std::string uuid;
    std::string brand;              // empty when the XML is damaged
    std::string ip_type = "shared"; // "shared" | "exclusive"
    bool autoboot = false;

    bool operator==(const ZoneInfo&) const = default;
};

// From the index line and, when it could be read, the configuration.
ZoneInfo make_zone_info(const IndexEntry& entry, const ZoneConfig* cfg);

// Names a client may ask about: a zone name or a template name such as
// SUNWdefault. Anything else (empty, "..", "a/b", over 64 bytes) never
// reaches the store, so it cannot name a file outside ROOT/etc/zones.
bool safe_lookup_name(std::string_view name);

// A client-supplied name fit for a message: at most 64 bytes (cut on a
// UTF-8 boundary, "..." appended), control characters replaced.
std::string shown_name(std::string_view name);

}  // namespace zones::daemon
