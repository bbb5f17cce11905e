// One sample of every ready or running zone wanted, over the bus: usage
// (org.zones.Zone.Resources.GetUsage) and interface counters
// (org.zones.Zone.Network.GetInterfaceStatistics), summed over the zone's
// interfaces. A zone that halts between the listing and the calls is left
// out of this sample.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "client/bus.hpp"
#include "table.hpp"

namespace zones::ztop {

std::vector<Sample> sample(const client::Bus& bus, const std::set<std::string>& wanted);

}  // namespace zones::ztop
