// org.zones.Zone.Network on a zone's object (dbus/org.zones.Zone.Network.xml):
// the interfaces and addresses of a ready or running zone, read live from
// its pinned network namespace, and their counters.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <sdbus-c++/sdbus-c++.h>

#include "manager.hpp"
#include "zone-calls.hpp"
#include "org.zones.Zone.Network-adaptor.h"

namespace zones::daemon {

class ZoneNetDbus final : public sdbus::AdaptorInterfaces<org::zones::Zone::Network_adaptor> {
public:
    ZoneNetDbus(sdbus::IConnection& connection, const std::string& path, const Manager& manager,
                ZoneCalls& calls, std::string name);
    ~ZoneNetDbus();

    using Row = sdbus::Struct<std::string, std::string, std::string, std::string, std::string,
                              std::vector<std::string>>;
    using StatsRow = sdbus::Struct<std::string, std::map<std::string, std::uint64_t>>;

private:
    void ListInterfaces(sdbus::Result<std::vector<Row>>&& result) override;
    void GetInterfaceStatistics(sdbus::Result<std::vector<StatsRow>>&& result) override;

    const Manager& manager_;
    ZoneCalls& calls_;
    std::string name_;
};

}  // namespace zones::daemon
