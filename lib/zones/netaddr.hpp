// Network values of the net resource as the net plugin and zoneadm verify
// use them: CIDR parsing, the deterministic host-side link names, and the
// addresses a zone claims (for the collision check). Pure logic.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zones/config.hpp"

namespace zones::net {

struct Cidr {
    int family = 0;                        // AF_INET or AF_INET6
    std::array<std::uint8_t, 16> addr{};   // network byte order; 4 bytes used for AF_INET
    int prefix = 0;                        // 0-32 / 0-128
    bool has_prefix = false;               // written with "/LEN"

    std::size_t size() const { return family == 4 ? 4 : 16; }
    int max_prefix() const { return family == 4 ? 32 : 128; }
    std::string addr_text() const;         // "198.18.0.2"
    std::string text() const;              // "198.18.0.2/24" (the address alone when no prefix)
    bool same_addr(const Cidr& o) const { return family == o.family && addr == o.addr; }
    bool operator==(const Cidr&) const = default;
};
// family is 4 or 6 here (not AF_*), so this header needs no socket headers.

// "ADDR" or "ADDR/LEN"; nullopt when malformed or LEN out of range.
std::optional<Cidr> parse_cidr(std::string_view text);

// Every item of a comma-separated list; nullopt when any item is malformed.
std::optional<std::vector<Cidr>> parse_cidr_list(std::string_view text);

// The host end of the zone's INDEX-th net resource: "z" + 8 hex digits of a
// hash of the zone name + "n" + INDEX, at most 15 bytes (IFNAMSIZ - 1) for
// INDEX < 100000. The same name at every ready, so a zoneadmd that died
// mid-ready leaves links the next teardown finds.
std::string host_link_name(std::string_view zone, std::size_t index);
// Inside the zone: net0, net1, ... in resource order.
std::string zone_link_name(std::size_t index);
// A net's name inside the zone: its linkname, else the default above.
std::string zone_link_name(const Net& net, std::size_t index);
// IFLA_IFALIAS of every host-side link of the zone: "zone:NAME:netN".
std::string link_alias(std::string_view zone, std::size_t index);
std::string link_alias_prefix(std::string_view zone);   // "zone:NAME:"
// The nftables table of the zone's filters (family netdev).
std::string nft_table(std::string_view zone);            // "zone-NAME"

// A MAC address for the zone's INDEX-th interface: locally administered,
// unicast, derived from zone name and index (stable across readies).
std::array<std::uint8_t, 6> link_mac(std::string_view zone, std::size_t index);
std::string mac_text(const std::array<std::uint8_t, 6>& mac);

// The addresses one zone claims: shared IP `address`, exclusive IP every
// `allowed-address` item (malformed items are skipped: verify reports them).
struct Claim {
    std::string physical;
    Cidr cidr;
};
std::vector<Claim> claimed_addresses(const ZoneConfig& cfg);

}  // namespace zones::net
