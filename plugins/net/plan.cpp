#include "plan.hpp"

#include <fmt/format.h>

namespace zones::net {
namespace {

std::string join_addrs(const std::vector<Cidr>& v, int family, std::initializer_list<const char*> extra = {}) {
    std::string s;
    for (const Cidr& c : v)
        if (c.family == family) s += (s.empty() ? "" : ", ") + c.addr_text();
    for (const char* e : extra) s += (s.empty() ? "" : ", ") + std::string(e);
    return s;
}

// The accept rules of one link; `match` restricts them to its frames
// (egress on a shared NIC) or is empty (a device of its own).
void link_rules(std::string& out, const std::string& table, const std::string& chain, const Link& l,
                const std::string& mac) {
    const std::string pre = fmt::format("add rule netdev {} {} ether saddr {} ", table, chain, mac);
    if (std::string v4 = join_addrs(l.addrs, 4); !v4.empty()) {
        out += pre + fmt::format("ether type arp arp saddr ip {{ {}, 0.0.0.0 }} accept\n", v4);
        out += pre + fmt::format("ip saddr {{ {} }} accept\n", v4);
    }
    // Link-local and the unspecified address: neighbour discovery and DAD.
    out += pre + fmt::format("ip6 saddr {{ {} }} accept\n", join_addrs(l.addrs, 6, {"fe80::/10", "::"}));
}

}  // namespace

Plan make_plan(const ZoneConfig& cfg, const std::vector<bool>& is_bridge) {
    Plan p;
    const bool exclusive = cfg.ip_type == "exclusive";
    for (std::size_t i = 0; i < cfg.nets.size(); ++i) {
        const Net& n = cfg.nets[i];
        Link l;
        l.index = i;
        l.physical = n.physical;
        l.host = host_link_name(cfg.name, i);
        l.zone_if = zone_link_name(n, i);
        l.mac = link_mac(cfg.name, i);
        const std::string& list = exclusive ? n.allowed_address : n.address;
        auto addrs = parse_cidr_list(list);
        if (!addrs) {
            p.error = fmt::format("{}: {} {}: not an IPv4 or IPv6 address", l.zone_if,
                                  exclusive ? "allowed-address" : "address", list);
            return p;
        }
        for (Cidr& c : *addrs)
            if (!c.has_prefix) c.prefix = c.max_prefix();
        l.addrs = *addrs;
        if (exclusive) {
            l.mode = i < is_bridge.size() && is_bridge[i] ? Mode::Bridged : Mode::Macvlan;
            l.enforce = !l.addrs.empty();
            auto r = parse_cidr_list(n.defrouter);
            if (!r) {
                p.error = fmt::format("{}: defrouter {}: not an IPv4 or IPv6 address", l.zone_if, n.defrouter);
                return p;
            }
            l.routers = *r;
        } else {
            l.mode = Mode::Routed;
            l.enforce = true;
            if (l.addrs.empty()) {
                p.error = fmt::format("{}: address not specified", l.zone_if);
                return p;
            }
        }
        p.links.push_back(std::move(l));
    }
    return p;
}

std::string nft_script(std::string_view zone, const std::vector<Link>& links) {
    const std::string table = nft_table(zone);
    std::string out;
    for (const Link& l : links) {
        if (!l.enforce) continue;
        if (out.empty()) out = fmt::format("add table netdev {}\n", table);
        const std::string mac = mac_text(l.mac);
        if (l.mode == Mode::Macvlan) {
            // The macvlan lives in the zone; its frames leave through the
            // lower device, where the host filters them by the MAC we gave it.
            const std::string chain = "out-" + l.host;
            out += fmt::format(
                "add chain netdev {} {} {{ type filter hook egress device \"{}\" priority 0; policy accept; }}\n",
                table, chain, l.physical);
            link_rules(out, table, chain, l, mac);
            out += fmt::format("add rule netdev {} {} ether saddr {} drop\n", table, chain, mac);
        } else {
            // Everything the zone sends arrives on the host end: only its
            // MAC with its addresses passes.
            const std::string chain = "in-" + l.host;
            out += fmt::format(
                "add chain netdev {} {} {{ type filter hook ingress device \"{}\" priority 0; policy drop; }}\n",
                table, chain, l.host);
            link_rules(out, table, chain, l, mac);
        }
    }
    return out;
}

std::string nft_delete_script(std::string_view zone) {
    const std::string table = nft_table(zone);
    // "add" first: deleting a missing table is an error, this pair never is.
    return fmt::format("add table netdev {0}\ndelete table netdev {0}\n", table);
}

}  // namespace zones::net
