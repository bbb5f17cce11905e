// A ready or running zone's links, addresses and link counters, read live
// over rtnetlink from its pinned network namespace. No D-Bus here (that is
// zone-net-dbus.hpp).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "netlink.hpp"

namespace zones::daemon {

struct ZoneLinks {
    std::vector<net::LinkInfo> links;   // lo included; each with its counters
    std::vector<net::AddrInfo> addrs;   // empty unless asked for
};

// Throws ZoneError InvalidState "zone 'NAME': not ready or running" when
// the pin `net_pin` (RUN/NAME/ns/net) is not there, Internal when the
// namespace cannot be entered or read.
ZoneLinks read_zone_links(const std::string& zone, const std::filesystem::path& net_pin, bool with_addrs);

}  // namespace zones::daemon
