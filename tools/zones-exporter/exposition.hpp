// What one scrape found (the model) and its rendering in the Prometheus
// text exposition format (version 0.0.4). No D-Bus and no HTTP here, so
// the names, labels and escaping are unit-tested on their own.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace zones::exporter {

struct InterfaceSample {
    std::string name;                                 // its name in the zone
    std::map<std::string, std::uint64_t> counters;    // GetInterfaceStatistics: rx-bytes, ...
};

struct ZoneSample {
    std::string name, state, brand, ip_type, uuid;
    std::int32_t id = -1;                             // -1: no zone ID (not ready/running)
    bool live = false;                                // GetUsage answered
    std::map<std::string, std::uint64_t> usage;       // GetUsage: cpu-usec, memory-bytes, ...
    std::vector<InterfaceSample> interfaces;
};

struct Snapshot {
    bool up = false;                 // zonesd answered ListZones
    std::vector<ZoneSample> zones;   // index order
    std::uint64_t errors = 0;        // per-zone calls that failed for another reason than the zone's state
    double seconds = 0;              // what the scrape took
};

// The states a zone can be in, as ListZones names them (illumos names).
const std::vector<std::string>& zone_states();

// The /metrics page. Every family has its HELP and TYPE line and its
// samples together; label values are escaped (\\, \", \n).
std::string render(const Snapshot& s);

}  // namespace zones::exporter
