#include "netif.hpp"

#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "sys.hpp"

namespace zones::zoneadmd {

std::string loopback_up() {
    // One SIOCSIFFLAGS: cheaper than a netlink round trip for one flag.
    Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!s) return errno_text("socket", errno);
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    if (::ioctl(s.get(), SIOCGIFFLAGS, &ifr) < 0) return errno_text("lo", errno);
    ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
    if (::ioctl(s.get(), SIOCSIFFLAGS, &ifr) < 0) return errno_text("lo up", errno);
    return {};
}

}  // namespace zones::zoneadmd
