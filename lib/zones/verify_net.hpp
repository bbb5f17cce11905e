// zoneadm verify, net resources, against the live host (illumos zoneadm.c
// verify_handle): each physical exists, addresses are IP addresses, and
// neither another configured zone nor the global zone has the same one.
#pragma once

#include <vector>

#include "zones/install.hpp"

namespace zones::install {

// Appends to r.errors. `others` carry their ip-type and net resources.
void verify_net(const ZoneConfig& cfg, const std::vector<OtherZone>& others, Report& r);

// The pure part (unit-tested): collisions of cfg's addresses with the others'.
std::vector<std::string> net_collisions(const ZoneConfig& cfg, const std::vector<OtherZone>& others);

}  // namespace zones::install
