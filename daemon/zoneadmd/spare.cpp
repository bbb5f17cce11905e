#include "spare.hpp"

#include <poll.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "sys.hpp"
#include "zones/config.hpp"

namespace zones::zoneadmd {

std::optional<SpareOrder> wait_for_zone(int fd, int wake) {
    // Asleep on the eventfd only (see zonesd's runtime-spare.cpp): the
    // order is on `fd` when it fires; zonesd gone is EOF on `fd` (POLLHUP).
    pollfd p[2] = {{wake, POLLIN, 0}, {fd, POLLRDHUP, 0}};
    while (::poll(p, 2, -1) < 0)
        if (errno != EINTR) return std::nullopt;
    if (!(p[0].revents & POLLIN)) return std::nullopt;
    std::string line;
    char c;
    for (;;) {
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n != 1) return std::nullopt;
        if (c == '\n') break;
        if (line.size() > 256) return std::nullopt;
        line += c;
    }
    if (line.rfind("zone ", 0) != 0) return std::nullopt;
    SpareOrder o;
    std::string rest = line.substr(5);
    if (const auto sp = rest.find(' '); sp != std::string::npos) {
        if (rest.substr(sp + 1) != "--prepare") return std::nullopt;
        o.prepare = true;
        rest.resize(sp);
    }
    if (!valid_zone_name(rest)) return std::nullopt;
    o.zone = std::move(rest);
    return o;
}

void name_spare() { ::prctl(PR_SET_NAME, "zoneadmd-spare", 0, 0, 0); }

std::string name_as_zoneadmd(int argc, char** argv, const std::string& zone, const std::string& root,
                             bool prepare) {
    ::prctl(PR_SET_NAME, "zoneadmd", 0, 0, 0);
    std::string text = std::string(argv[0]) + '\0' + "-z" + '\0' + zone + '\0';
    if (root != "/") text += std::string("--root") + '\0' + root + '\0';
    if (prepare) text += std::string("--prepare") + '\0';
    // Rewritten in place, in the area the kernel shows as /proc/PID/cmdline
    // (PR_SET_MM would need CAP_SYS_RESOURCE, which a container may lack):
    // zonesd pads a spare's command line with empty arguments for it.
    char* const start = argv[0];
    char* const end = argv[argc - 1] + std::strlen(argv[argc - 1]) + 1;
    const auto room = static_cast<std::size_t>(end - start);
    if (text.size() > room) return "no room in the command line for the zone's name";
    std::memcpy(start, text.data(), text.size());
    std::memset(start + text.size(), 0, room - text.size());
    return {};
}

}  // namespace zones::zoneadmd
