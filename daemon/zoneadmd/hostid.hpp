// zonecfg's hostid: the zone's own /etc/hostid, the four bytes glibc's
// gethostid(3) (and so hostid(1)) reads, written at every ready so the
// configured value is what the zone sees from its next boot on, as on
// illumos. Without a hostid the zone's own file, if any, is left alone.
#pragma once

#include <string>

#include "zones/config.hpp"

namespace zones::zoneadmd {

// "" or the cause. Never follows a symlink out of the zone root.
std::string write_hostid(const ZoneConfig& cfg);

}  // namespace zones::zoneadmd
