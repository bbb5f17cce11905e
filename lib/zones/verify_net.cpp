#include "zones/verify_net.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <cstring>

#include <fmt/core.h>

#include "zones/netaddr.hpp"
#include "zones/syntax.hpp"

namespace zones::install {
namespace {

// illumos print_net_err: "could not verify net address=A physical=P\n\tMSG",
// kept on one line here.
std::string could_not(const Net& n, const std::string& addr, std::string_view why) {
    if (addr.empty()) return fmt::format("could not verify net physical={}: {}", n.physical, why);
    return fmt::format("could not verify net address={} physical={}: {}", addr, n.physical, why);
}

}  // namespace

std::vector<std::string> net_collisions(const ZoneConfig& cfg, const std::vector<OtherZone>& others) {
    std::vector<std::string> out;
    const auto mine = net::claimed_addresses(cfg);
    for (const OtherZone& o : others) {
        if (o.name == cfg.name) continue;
        ZoneConfig other;
        other.name = o.name;
        other.ip_type = o.ip_type;
        other.nets = o.nets;
        for (const auto& theirs : net::claimed_addresses(other))
            for (const auto& m : mine)
                if (m.cidr.same_addr(theirs.cidr))
                    out.push_back(fmt::format("could not verify net address={} physical={}: address in use by zone '{}'",
                                              m.cidr.text(), m.physical, o.name));
    }
    return out;
}

void verify_net(const ZoneConfig& cfg, const std::vector<OtherZone>& others, Report& r) {
    const bool exclusive = cfg.ip_type == "exclusive";
    for (const Net& n : cfg.nets) {
        if (n.physical.empty()) continue;   // verify_config said so
        // illumos: a shared-IP interface that is missing is skipped with a
        // warning (the zone boots without it); an exclusive one cannot be
        // given to the zone, so that is an error here.
        if (::if_nametoindex(n.physical.c_str()) == 0) {
            if (exclusive)
                r.errors.push_back(could_not(
                    n, "", fmt::format("network interface {} is not plumbed in the global zone", n.physical)));
            else
                r.warnings.push_back(fmt::format(
                    "WARNING: skipping network interface '{}' which may not be present/plumbed in the global zone.",
                    n.physical));
        }
        // verify_config reports malformed values; a host name passes there
        // but zoneadmd never resolves names (no NSS in the platform).
        if (!exclusive && !n.address.empty() && !net::parse_cidr(n.address)) {
            const std::string host = n.address.substr(0, n.address.find('/'));
            if (valid_hostname(host))
                r.errors.push_back(could_not(n, n.address, "host names are not supported, use an IP address"));
        }
    }
    // The global zone's own addresses (getifaddrs: zonesd's namespace).
    ifaddrs* ifs = nullptr;
    if (::getifaddrs(&ifs) == 0) {
        for (const auto& m : net::claimed_addresses(cfg))
            for (ifaddrs* i = ifs; i; i = i->ifa_next) {
                if (!i->ifa_addr) continue;
                const auto fam = i->ifa_addr->sa_family;
                if (!((fam == AF_INET && m.cidr.family == 4) || (fam == AF_INET6 && m.cidr.family == 6))) continue;
                const void* a = fam == AF_INET ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr)
                                               : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(i->ifa_addr)->sin6_addr);
                if (std::memcmp(a, m.cidr.addr.data(), m.cidr.size()) == 0) {
                    r.errors.push_back(fmt::format("could not verify net address={} physical={}: address in use by the global zone ({})",
                                                   m.cidr.text(), m.physical, i->ifa_name));
                    break;
                }
            }
        ::freeifaddrs(ifs);
    }
    auto clash = net_collisions(cfg, others);
    r.errors.insert(r.errors.end(), clash.begin(), clash.end());
}

}  // namespace zones::install
