// One scrape's worth of figures from zonesd over the system bus: ListZones,
// then GetUsage (org.zones.Zone.Resources) and GetInterfaceStatistics
// (org.zones.Zone.Network) of every zone that has a platform, a bounded
// number in flight at once and answered in any order, so a scrape costs a
// few round trips plus work linear in the number of zones, and never more
// pending calls than the bus and zonesd allow. Nothing is read between
// scrapes.
#pragma once

#include <string>

#include "exposition.hpp"
#include "sys/sd_bus.hpp"

namespace zones::exporter {

class Collector {
public:
    Collector() = default;
    // Never throws: a bus or service that cannot be reached gives up = false.
    Snapshot collect();

private:
    void down(const std::string& why);
    bool was_up_ = true;
    sys::BusPtr bus_;   // opened on the first scrape, again after it broke
};

}  // namespace zones::exporter
