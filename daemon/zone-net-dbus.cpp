#include "zone-net-dbus.hpp"

#include "zone-net.hpp"
#include "zones/netaddr.hpp"

namespace zones::daemon {

ZoneNetDbus::ZoneNetDbus(sdbus::IConnection& connection, const std::string& path,
                         const Manager& manager, ZoneCalls& calls, std::string name)
    : AdaptorInterfaces(connection, path), manager_(manager), calls_(calls), name_(std::move(name)) {
    registerAdaptor();
}

ZoneNetDbus::~ZoneNetDbus() { unregisterAdaptor(); }

void ZoneNetDbus::ListInterfaces(sdbus::Result<std::vector<Row>>&& result) {
    const Manager& manager = manager_;
    const std::string name = name_;
    // A read: anyone may list; an unprivileged caller on their own queue.
    calls_.read(caller_of(getObject().getCurrentlyProcessedMessage()), std::move(result),
                [&manager, name](auto& reply) {
        const auto pin = manager.store().run_dir() / name / "ns" / "net";
        ZoneConfig cfg;
        try {
            cfg = manager.store().load(name);
        } catch (const ZoneError&) {
            // the physical column stays empty
        }
        const ZoneLinks z = read_zone_links(name, pin, true);
        const auto& links = z.links;
        const auto& addrs = z.addrs;
        std::vector<Row> rows;
        for (const auto& l : links) {
            if (l.name == "lo")
                continue;
            std::string physical, host;
            for (std::size_t i = 0; i < cfg.nets.size(); ++i)
                if (l.name == net::zone_link_name(cfg.nets[i], i)) {
                    physical = cfg.nets[i].physical;
                    if (l.kind == "veth")
                        host = net::host_link_name(name, i);
                }
            std::vector<std::string> a;
            for (const auto& ad : addrs)
                if (ad.index == l.index)
                    a.push_back(ad.cidr.text());
            rows.emplace_back(l.name, physical, host, l.mac, l.up ? "up" : "down", a);
        }
        reply.ok(rows);
    });
}

void ZoneNetDbus::GetInterfaceStatistics(sdbus::Result<std::vector<StatsRow>>&& result) {
    const Manager& manager = manager_;
    const std::string name = name_;
    calls_.read(caller_of(getObject().getCurrentlyProcessedMessage()), std::move(result),
                [&manager, name](auto& reply) {
        const ZoneLinks z = read_zone_links(name, manager.store().run_dir() / name / "ns" / "net", false);
        std::vector<StatsRow> rows;
        for (const auto& l : z.links) {
            if (l.name == "lo")
                continue;
            const net::LinkStats& s = l.stats;
            rows.emplace_back(l.name, std::map<std::string, std::uint64_t>{
                                          {"rx-bytes", s.rx_bytes},     {"tx-bytes", s.tx_bytes},
                                          {"rx-packets", s.rx_packets}, {"tx-packets", s.tx_packets},
                                          {"rx-errors", s.rx_errors},   {"tx-errors", s.tx_errors},
                                          {"rx-dropped", s.rx_dropped}, {"tx-dropped", s.tx_dropped}});
        }
        reply.ok(rows);
    });
}

}  // namespace zones::daemon
