// org.zones.Zone.Resources (dbus/org.zones.Zone.Resources.xml) on a zone's
// object: usage against caps, for zonestat and any D-Bus client. A second
// sdbus-c++ object at the zone's path, owned by its ZoneDbus.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <sdbus-c++/sdbus-c++.h>

#include "manager.hpp"
#include "zone-calls.hpp"
#include "org.zones.Zone.Resources-adaptor.h"

namespace zones::daemon {

class ZoneResourcesDbus final : public sdbus::AdaptorInterfaces<org::zones::Zone::Resources_adaptor> {
public:
    ZoneResourcesDbus(sdbus::IConnection& connection, const std::string& path, std::string name,
                      Manager& manager, ZoneCalls& calls);
    ~ZoneResourcesDbus();

private:
    void GetUsage(sdbus::Result<std::map<std::string, std::uint64_t>>&& result) override;

    Manager& manager_;
    ZoneCalls& calls_;
    const std::string name_;   // a renamed zone gets a new object
};

}  // namespace zones::daemon
