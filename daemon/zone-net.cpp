#include "zone-net.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "zones/config.hpp"
#include "zones/file_util.hpp"

namespace zones::daemon {
namespace {

// A netlink socket inside the zone's network namespace. zonesd is
// threaded: a short-lived thread enters the namespace, opens the socket
// (which stays bound to that namespace) and ends, so no thread of the
// daemon is ever left in a zone.
net::Rtnl open_in_zone(const std::string& zone, const std::string& pin) {
    sys::Fd fd(::open(pin.c_str(), O_RDONLY | O_CLOEXEC));
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

ZoneLinks read_zone_links(const std::string& zone, const std::filesystem::path& net_pin, bool with_addrs) {
    ZoneLinks z;
    // The socket goes at the end of this call: it would keep a halted
    // zone's namespace alive.
    net::Rtnl nl = open_in_zone(zone, net_pin.string());
    z.links = nl.links();
    if (with_addrs) z.addrs = nl.addrs();
    return z;
}

}  // namespace zones::daemon
