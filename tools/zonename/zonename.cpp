// zonename: print the name of the zone we run in ("global" on the host).
//
// A zone's processes live in the systemd scope zone-NAME.scope under
// zones.slice (architecture §4), so the zone is read from our own cgroup
// (detect.hpp). Anything else - the host, a service, a cgroup namespace
// that hides the path - is the global zone. No bus call: zonename must
// work where the zones service cannot be reached (inside a zone).
#include <cstdio>
#include <fstream>

#include "detect.hpp"

int main(int argc, char* argv[]) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: %s\n", argv[0]);
        return 2;
    }
    std::ifstream cgroups("/proc/self/cgroup");
    const std::string name = zones::zonename::zone_of_cgroup_file(cgroups);
    if (std::printf("%s\n", name.c_str()) < 0 || std::fflush(stdout) != 0)
        return 1;
    return 0;
}
