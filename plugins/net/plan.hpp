// What the net plugin builds for one zone, computed from its configuration
// alone (unit-tested): one Link per net resource, and the nftables script
// that enforces the addresses on the host side.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "zones/config.hpp"
#include "zones/netaddr.hpp"

namespace zones::net {

enum class Mode {
    Bridged,   // exclusive, physical is a bridge: veth, host end in the bridge
    Macvlan,   // exclusive, physical is a NIC: macvlan in the zone
    Routed,    // shared: veth routed by the global zone, proxy ARP/NDP on physical
};

struct Link {
    std::size_t index = 0;
    std::string physical;
    std::string host;                       // host end (veth modes)
    std::string zone_if;                    // net0, net1 ...
    std::array<std::uint8_t, 6> mac{};      // of the zone's interface
    Mode mode = Mode::Routed;
    std::vector<Cidr> addrs;                // configured in the zone
    std::vector<Cidr> routers;              // exclusive: defrouter(s)
    bool enforce = false;                   // allowed-address (exclusive) / always (shared)
};

// Links in resource order. `bridge(physical)` says whether a host link is a
// bridge (exclusive IP only). Errors name the resource, e.g.
// "net0: allowed-address 300.1.1.1: not an IPv4 or IPv6 address".
struct Plan {
    std::vector<Link> links;
    std::string error;
};
Plan make_plan(const ZoneConfig& cfg, const std::vector<bool>& is_bridge);

// The nft script of the zone's table (netdev family): empty when nothing
// is enforced. Idempotent together with nft_delete_script.
std::string nft_script(std::string_view zone, const std::vector<Link>& links);
std::string nft_delete_script(std::string_view zone);

}  // namespace zones::net
