// Boot: the zone's init in a new PID and IPC namespace (and a per-boot
// mount namespace, a slave of the platform's, so /proc belongs to this
// boot), entered into the pinned mnt/uts/net/cgroup namespaces, placed in
// payload/ of every hierarchy before it runs, console as stdio and
// controlling tty.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cgroup.hpp"
#include "namespaces.hpp"
#include "process.hpp"
#include "zones/privileges.hpp"

namespace zones::zoneadmd {

struct BootSpec {
    std::string init;                 // path inside the zone
    std::vector<std::string> args;    // boot arguments (argv[1..])
    priv::Limits limits;              // limitpriv, expanded (confine.hpp)
    bool userns = false;              // the zone has its own user namespace
    // Called with init's host PID once it is in its namespaces and cgroups,
    // before it execs: "" or an error line (the boot fails).
    std::function<std::string(pid_t)> before_exec;
};

// "" or an error line; `out` holds init on success.
std::string start_init(const BootSpec& spec, const PinnedFds& pins, const Cgroups& cg, Child& out);

// Whether the in-zone `init` of this spec wants SIGTERM (zinit) or
// SIGRTMIN+4 (systemd: poweroff) for a clean shutdown.
int shutdown_signal(const BootSpec& spec);

}  // namespace zones::zoneadmd
