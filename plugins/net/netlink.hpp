// rtnetlink over libmnl: just what the net plugin and zonesd need (links,
// addresses, routes, proxy neighbours). One socket per Rtnl, bound to the
// network namespace of the thread that opened it.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "zones/netaddr.hpp"

struct mnl_socket;

namespace zones::net {

// The kernel's counters of a link (IFLA_STATS64), as seen from its namespace.
struct LinkStats {
    std::uint64_t rx_bytes = 0, tx_bytes = 0, rx_packets = 0, tx_packets = 0;
    std::uint64_t rx_errors = 0, tx_errors = 0, rx_dropped = 0, tx_dropped = 0;
};

struct LinkInfo {
    int index = 0;
    std::string name, alias, kind, mac;
    bool up = false;
    int master = 0;
    LinkStats stats;
};

struct AddrInfo {
    int index = 0;
    Cidr cidr;
};

class Rtnl {
public:
    Rtnl() = default;
    Rtnl(Rtnl&&) noexcept;
    Rtnl& operator=(Rtnl&&) noexcept;
    ~Rtnl();

    // Empty string on success, else "netlink: <why>".
    std::string open();
    bool is_open() const { return sock_ != nullptr; }

    // 0 when absent.
    int link_index(const std::string& name);
    std::vector<LinkInfo> links();
    std::vector<AddrInfo> addrs();

    // Each returns "" or a short cause ("File exists").
    std::string add_veth(const std::string& host, const std::string& peer, int peer_ns_fd,
                         const std::array<std::uint8_t, 6>& peer_mac);
    std::string add_macvlan(const std::string& name, int lower, int ns_fd, const std::array<std::uint8_t, 6>& mac);
    std::string del_link(int index);
    std::string set_link(int index, bool up, int master = 0, const std::string& alias = {});
    std::string add_addr(int index, const Cidr& c, bool nodad = false, bool noprefixroute = false);
    // dst with prefix (0 = default); gw may be null for a device route.
    std::string add_route(const Cidr& dst, const Cidr* gw, int oif);
    std::string pneigh(bool add, int index, const Cidr& addr);

private:
    std::string request(void* nlh);   // sends, waits for the ack
    void dump(void* nlh, const std::function<void(const void* nlh)>& each);
    mnl_socket* sock_ = nullptr;
    unsigned portid_ = 0, seq_ = 0;
};

}  // namespace zones::net
