// zonename: print the name of the zone we run in ("global" on the host).
//
// Inside a zone, zoneadmd publishes the name in /dev/.zonename, a
// read-only bind in the zone's own /dev (detect.hpp): the hostname is the
// zone's to change, and the zone's cgroup namespace hides zone-NAME.scope.
// Without that file we read our own cgroup (a process in zone-NAME.scope
// seen from the host's cgroup namespace); anything else is the global
// zone. No bus call: zonename must work where the zones service cannot be
// reached (inside a zone).
#include <cstdio>
#include <fstream>

#include "detect.hpp"

int main(int argc, char* argv[]) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: %s\n", argv[0]);
        return 2;
    }
    std::string name;
    if (auto zone = zones::zonename::zone_of_dev_file()) {
        name = *zone;
    } else {
        std::ifstream cgroups("/proc/self/cgroup");
        name = zones::zonename::zone_of_cgroup_file(cgroups);
    }
    if (std::printf("%s\n", name.c_str()) < 0 || std::fflush(stdout) != 0)
        return 1;
    return 0;
}
