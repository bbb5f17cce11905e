#include "zone-net-dbus.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "netlink.hpp"
#include "zones/file_util.hpp"
#include "zones/netaddr.hpp"

namespace zones::daemon {
namespace {

// A netlink socket inside the zone's network namespace. zonesd is
// threaded: a short-lived thread enters the namespace, opens the socket
// (which stays bound to that namespace) and ends, so no thread of the
// daemon is ever left in a zone.
net::Rtnl open_in_zone(const std::string& zone, const std::string& pin) {
    fsutil::UniqueFd fd(::open(pin.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd)
        throw ZoneError(ErrorKind::InvalidState, fmt::format("zone '{}': not ready or running", zone));
    net::Rtnl nl;
    std::string err;
    std::thread t([&] {
        if (::setns(fd.get(), CLONE_NEWNET) < 0)
            err = fmt::format("setns: {}", std::strerror(errno));
        else
            err = nl.open();
    });
    t.join();
    if (!err.empty())
        throw ZoneError(ErrorKind::Internal, fmt::format("zone '{}': net: {}", zone, err));
    return nl;
}

}  // namespace

ZoneNetDbus::ZoneNetDbus(sdbus::IConnection& connection, const std::string& path,
                         const Manager& manager, WorkQueue& queue, std::string name)
    : AdaptorInterfaces(connection, path), manager_(manager), queue_(queue), name_(std::move(name)) {
    registerAdaptor();
}

ZoneNetDbus::~ZoneNetDbus() { unregisterAdaptor(); }

void ZoneNetDbus::ListInterfaces(sdbus::Result<std::vector<Row>>&& result) {
    const Manager& manager = manager_;
    const std::string name = name_;
    run_operation(queue_, unordered_key(), std::move(result), [&manager, name](auto& reply) {
        const auto pin = manager.store().run_dir() / name / "ns" / "net";
        ZoneConfig cfg;
        try {
            cfg = manager.store().load(name);
        } catch (const ZoneError&) {
            // the physical column stays empty
        }
        std::vector<net::LinkInfo> links;
        std::vector<net::AddrInfo> addrs;
        {
            net::Rtnl nl = open_in_zone(name, pin.string());
            links = nl.links();
            addrs = nl.addrs();
        }   // the socket goes now: it would keep a halted zone's namespace alive
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

}  // namespace zones::daemon
