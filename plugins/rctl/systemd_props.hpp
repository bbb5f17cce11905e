// SetUnitProperties(runtime=true) on zone-NAME.scope over the system bus
// (plain sd-bus: zoneadmd is single-threaded). systemd writes cgroup v1,
// hybrid or v2 files as the host has them.
#pragma once

#include <string>

#include "mapping.hpp"

namespace zones::rctl {

// "" or the cause ("MemoryMax: Access denied" ...).
std::string set_unit_properties(const std::string& unit, const UnitProperties& p);

}  // namespace zones::rctl
