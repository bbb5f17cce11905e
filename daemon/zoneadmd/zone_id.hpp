// Zone IDs (1..9999): one allocator shared by zonesd (ready/boot) and
// zoneadmd (reboot, in-zone or requested). Under an exclusive flock on
// RUN/ids.lock: the next ID after RUN/ids.last that no RUN/*/zoneid holds,
// written to RUN/NAME/zoneid, then ids.last. IDs thus rotate and are
// never alive twice; /run is empty after a host boot, so they reset.
#pragma once

#include <string>

namespace zones::zoneadmd {

// The new ID, or 0 with `err` set.
int allocate_zone_id(const std::string& run, const std::string& zone, std::string& err);

// RUN/NAME/zoneid, or 0 when missing/garbled.
int read_zone_id(const std::string& run, const std::string& zone);

}  // namespace zones::zoneadmd
