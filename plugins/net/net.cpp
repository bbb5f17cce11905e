// net: the zone's network interfaces, over rtnetlink (libmnl) with host-side
// filters in nftables (libnftables). See README.md for the design:
//   exclusive IP, physical a bridge  -> veth, host end in the bridge
//   exclusive IP, physical a NIC     -> macvlan (bridge mode) in the zone
//   shared IP                        -> routed veth: /32 (/128) route to the
//        host end, proxy ARP/NDP entry on physical, strict rp_filter
// Host-side names are derived from the zone name (netaddr.hpp), so a
// teardown finds what a zoneadmd that died mid-ready left behind.
#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "host.hpp"
#include "netlink.hpp"
#include "plan.hpp"
#include "sys/fd.hpp"
#include "sys/file_io.hpp"
#include "zones/subsystem.hpp"

namespace {

using zones::Context;
using zones::Result;
using namespace zones::net;

constexpr const char* kName = "net";

// RUN/NAME/net, written before anything is made: the proxy-neighbour
// entries made on host links (they live on `physical`, not on a link of
// ours, so link removal does not take them); its presence also says that
// an nft table may exist.
std::string state_path(const Context& ctx) { return ctx.run_dir + "/net"; }

std::string write_state(const Context& ctx, const std::vector<Link>& links) {
    std::string text;
    for (const Link& l : links)
        if (l.mode == Mode::Routed)
            for (const Cidr& c : l.addrs) text += fmt::format("pneigh {} {}\n", l.physical, c.addr_text());
    const std::string path = state_path(ctx), tmp = path + ".tmp";
    {
        std::ofstream f(tmp, std::ios::trunc);
        f << text;
        f.flush();
        if (!f) return fmt::format("{}: cannot write", tmp);
    }
    if (::rename(tmp.c_str(), path.c_str()) < 0) return fmt::format("{}: {}", path, std::strerror(errno));
    return {};
}

// Everything of the zone on the host, whether or not it still matches the
// configuration: converges, never fails on what is already gone.
std::string remove_all(const Context& ctx) {
    std::string first;
    auto note = [&](const std::string& e) {
        if (!e.empty() && first.empty()) first = e;
    };
    Rtnl nl;
    if (std::string e = nl.open(); !e.empty()) return e;
    // The state file is written before anything else is made: without it
    // there is no table and no proxy entry (and no libnftables start-up).
    if (std::ifstream f(state_path(ctx)); f) {
        note(nft_run(nft_delete_script(ctx.zone)));
        std::string word, dev, addr;
        while (f >> word >> dev >> addr) {
            auto c = parse_cidr(addr);
            const int idx = nl.link_index(dev);
            if (word == "pneigh" && c && idx > 0) {
                std::string e = nl.pneigh(false, idx, *c);
                if (e != std::strerror(ENOENT)) note(e);
            }
        }
    }
    const std::string alias = link_alias_prefix(ctx.zone);
    const std::string prefix = host_link_name(ctx.zone, 0).substr(0, 10);   // "z" + hash + "n"
    for (const LinkInfo& l : nl.links()) {
        const bool ours = l.alias.rfind(alias, 0) == 0 ||
                          (l.name.rfind(prefix, 0) == 0 && l.kind == "veth" && l.alias.empty());
        if (!ours) continue;
        std::string e = nl.del_link(l.index);   // a veth takes its peer along
        if (e != std::strerror(ENODEV)) note(e);
    }
    ::unlink(state_path(ctx).c_str());
    return first;
}

// Inside the zone's network namespace (a forked child: zoneadmd stays in
// the global zone's): interfaces up, addresses, default routes.
std::string configure_zone(const std::vector<Link>& links) {
    Rtnl nl;
    if (std::string e = nl.open(); !e.empty()) return e;
    bool def4 = false, def6 = false;
    for (const Link& l : links) {
        const int idx = nl.link_index(l.zone_if);
        if (idx == 0) return fmt::format("{}: not in the zone", l.zone_if);
        if (std::string e = nl.set_link(idx, true); !e.empty()) return fmt::format("{} up: {}", l.zone_if, e);
        // Shared IPv6: no on-link prefix route in the zone (the host end
        // cannot answer NDP for the whole prefix); all goes via fe80::1.
        for (const Cidr& c : l.addrs)
            if (std::string e = nl.add_addr(idx, c, c.family == 6, c.family == 6 && l.mode == Mode::Routed); !e.empty())
                return fmt::format("{}: address {}: {}", l.zone_if, c.text(), e);
        Cidr any4, any6;
        any4.family = 4;
        any6.family = 6;
        if (l.mode == Mode::Routed) {
            // The global zone routes: everything goes to the host end, which
            // answers ARP for it (proxy_arp) and is fe80::1 for IPv6.
            bool v4 = false, v6 = false;
            for (const Cidr& c : l.addrs) (c.family == 4 ? v4 : v6) = true;
            if (v4 && !def4) {
                if (std::string e = nl.add_route(any4, nullptr, idx); !e.empty())
                    return fmt::format("{}: default route: {}", l.zone_if, e);
                def4 = true;
            }
            if (v6 && !def6) {
                Cidr gw = *parse_cidr("fe80::1");
                if (std::string e = nl.add_route(any6, &gw, idx); !e.empty())
                    return fmt::format("{}: default route: {}", l.zone_if, e);
                def6 = true;
            }
        } else {
            for (const Cidr& r : l.routers) {
                bool& done = r.family == 4 ? def4 : def6;
                if (done) continue;
                if (std::string e = nl.add_route(r.family == 4 ? any4 : any6, &r, idx); !e.empty())
                    return fmt::format("{}: defrouter {}: {}", l.zone_if, r.addr_text(), e);
                done = true;
            }
        }
    }
    return {};
}

// A forked child that is reaped on every path.
struct Reaped {
    pid_t pid = -1;
    int status = 0;
    ~Reaped() { wait(); }
    void wait() {
        while (pid > 0 && ::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        pid = -1;
    }
};

std::string in_zone(int netns, const std::vector<Link>& links) {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) < 0) return fmt::format("pipe: {}", std::strerror(errno));
    zones::sys::Fd rd(p[0]), wr(p[1]);
    Reaped child;
    child.pid = ::fork();
    if (child.pid < 0) return fmt::format("fork: {}", std::strerror(errno));
    if (child.pid == 0) {   // zoneadmd is single-threaded: fork and setns are safe
        std::string e = ::setns(netns, CLONE_NEWNET) < 0 ? fmt::format("setns: {}", std::strerror(errno))
                                                          : configure_zone(links);
        zones::sys::write_all(wr.get(), e);
        ::_exit(e.empty() ? 0 : 1);
    }
    wr.reset();
    std::string err;
    if (!zones::sys::read_fd(rd.get(), err)) err = zones::sys::errno_text("zone-side helper", errno);
    child.wait();
    if (err.empty() && !(WIFEXITED(child.status) && WEXITSTATUS(child.status) == 0)) err = "zone-side helper failed";
    return err;
}

class NetSubsystem final : public zones::Subsystem {
public:
    const char* name() const noexcept override { return kName; }

    // Before anything is built (and before `zoneadm apply`): the values
    // must make a plan (host names, for one, are never resolved here).
    Result verify(const Context& ctx) noexcept override {
        try {
            if (Plan p = make_plan(ctx.config, {}); !p.error.empty()) return ctx.fail(kName, p.error);
            return {};
        } catch (const std::exception& e) {
            return ctx.fail(kName, e.what());
        }
    }

    Result setup_host(const Context& ctx) noexcept override {
        try {
            return setup(ctx);
        } catch (const std::exception& e) {
            return ctx.fail(kName, e.what());
        }
    }

    Result teardown(const Context& ctx) noexcept override {
        try {
            if (std::string e = remove_all(ctx); !e.empty()) return ctx.fail(kName, e);
            return {};
        } catch (const std::exception& e) {
            return ctx.fail(kName, e.what());
        }
    }

private:
    Result setup(const Context& ctx) {
        // Whatever an earlier zoneadmd of this zone left (killed mid-ready).
        if (std::string e = remove_all(ctx); !e.empty()) return ctx.fail(kName, "cleaning up: " + e);
        const auto& cfg = ctx.config;
        if (cfg.nets.empty()) return {};
        if (ctx.ns.net < 0) return ctx.fail(kName, "no network namespace");
        Rtnl nl;
        if (std::string e = nl.open(); !e.empty()) return ctx.fail(kName, e);
        const auto host_links = nl.links();
        auto find = [&](const std::string& name) -> const LinkInfo* {
            for (const auto& l : host_links)
                if (l.name == name) return &l;
            return nullptr;
        };
        const bool exclusive = cfg.ip_type == "exclusive";
        std::vector<bool> bridge;
        for (const auto& n : cfg.nets) {
            const LinkInfo* l = find(n.physical);
            bridge.push_back(l && l->kind == "bridge");
        }
        Plan plan = make_plan(cfg, bridge);
        if (!plan.error.empty()) return ctx.fail(kName, plan.error);
        std::vector<Link> links;
        for (Link& l : plan.links) {
            if (find(l.physical)) {
                links.push_back(std::move(l));
                continue;
            }
            if (exclusive)
                return ctx.fail(kName, fmt::format("{}: network interface {} is not plumbed in the global zone",
                                                   l.zone_if, l.physical));
            // illumos boots a shared-IP zone without an interface that is missing.
            std::fprintf(stderr, "zone '%s': net: WARNING: skipping network interface '%s' which may not be "
                                 "present/plumbed in the global zone.\n", ctx.zone.c_str(), l.physical.c_str());
        }
        if (std::string e = write_state(ctx, links); !e.empty()) return ctx.fail(kName, e);
        for (const Link& l : links)
            if (std::string e = host_side(ctx, nl, l); !e.empty()) return ctx.fail(kName, e);
        if (std::string s = nft_script(ctx.zone, links); !s.empty())
            if (std::string e = nft_run(s); !e.empty()) return ctx.fail(kName, e);
        if (std::string e = in_zone(ctx.ns.net, links); !e.empty()) return ctx.fail(kName, e);
        return {};
    }

    std::string host_side(const Context& ctx, Rtnl& nl, const Link& l) {
        const int phys = nl.link_index(l.physical);
        if (l.mode == Mode::Macvlan) {
            if (std::string e = nl.add_macvlan(l.zone_if, phys, ctx.ns.net, l.mac); !e.empty())
                return fmt::format("{}: macvlan on {}: {}", l.zone_if, l.physical, e);
            return {};
        }
        if (std::string e = nl.add_veth(l.host, l.zone_if, ctx.ns.net, l.mac); !e.empty())
            return fmt::format("{}: veth {}: {}", l.zone_if, l.host, e);
        const int host = nl.link_index(l.host);
        if (host == 0) return fmt::format("{}: veth {} vanished", l.zone_if, l.host);
        const std::string alias = link_alias(ctx.zone, l.index);
        if (l.mode == Mode::Bridged) {
            if (std::string e = nl.set_link(host, true, phys, alias); !e.empty())
                return fmt::format("{}: {} into bridge {}: {}", l.zone_if, l.host, l.physical, e);
            return {};
        }
        // Routed (shared IP). The host end forwards only what the zone sends
        // from its own addresses (rp_filter strict) and answers ARP for
        // whatever the global zone routes (proxy_arp), at once.
        bool v6 = false;
        for (const Cidr& c : l.addrs) v6 = v6 || c.family == 6;
        const std::string h = l.host, p = l.physical;
        for (auto [k, v] : {std::pair{"ipv4/conf/" + h + "/forwarding", "1"}, {"ipv4/conf/" + h + "/rp_filter", "1"},
                            {"ipv4/conf/" + h + "/proxy_arp", "1"}, {"ipv4/neigh/" + h + "/proxy_delay", "0"},
                            {"ipv4/conf/" + p + "/forwarding", "1"}, {"ipv4/neigh/" + p + "/proxy_delay", "0"}})
            if (std::string e = sysctl_set(k, v); !e.empty()) return e;
        if (v6) {
            // IPv6 forwards by all/forwarding, which turns every interface of
            // the host into a router (and stops RA autoconfiguration on all of
            // them). Since Linux 6.17 force_forwarding does it per ingress
            // interface: the host end and physical only. Proxy NDP needs
            // physical's own forwarding flag either way.
            const bool per_if = ::access(("/proc/sys/net/ipv6/conf/" + h + "/force_forwarding").c_str(), F_OK) == 0;
            std::vector<std::pair<std::string, std::string>> v6_keys{
                {"ipv6/conf/" + h + "/accept_dad", "0"}, {"ipv6/conf/" + p + "/forwarding", "1"},
                {"ipv6/conf/" + p + "/proxy_ndp", "1"}, {"ipv6/neigh/" + p + "/proxy_delay", "0"}};
            if (per_if) {
                v6_keys.emplace_back("ipv6/conf/" + h + "/force_forwarding", "1");
                v6_keys.emplace_back("ipv6/conf/" + p + "/force_forwarding", "1");
            } else {
                v6_keys.emplace_back("ipv6/conf/all/forwarding", "1");
            }
            for (const auto& [k, v] : v6_keys)
                if (std::string e = sysctl_set(k, v); !e.empty()) return e;
        }
        if (std::string e = nl.set_link(host, true, 0, alias); !e.empty()) return fmt::format("{} up: {}", h, e);
        if (v6)
            if (std::string e = nl.add_addr(host, *parse_cidr("fe80::1/64"), true); !e.empty())
                return fmt::format("{}: address fe80::1: {}", h, e);
        for (const Cidr& c : l.addrs) {
            Cidr one = c;
            one.prefix = c.max_prefix();
            if (std::string e = nl.add_route(one, nullptr, host); !e.empty())
                return fmt::format("{}: route {}: {}", h, one.text(), e);
            if (std::string e = nl.pneigh(true, phys, c); !e.empty())
                return fmt::format("{}: proxy neighbour {}: {}", p, c.addr_text(), e);
        }
        return {};
    }
};

}  // namespace

ZONES_SUBSYSTEM_PLUGIN(NetSubsystem)
