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
#include "confine.hpp"
#include "namespaces.hpp"
#include "process.hpp"
#include "sys.hpp"
#include "sysmounts.hpp"
#include "zones/privileges.hpp"
#include "zones/timeline.hpp"

namespace zones::zoneadmd {

struct BootSpec {
    std::string init;                 // path inside the zone
    std::vector<std::string> args;    // boot arguments (argv[1..])
    priv::Limits limits;              // limitpriv, expanded (confine.hpp)
    const confine::Seccomp* seccomp = nullptr;   // its compiled profile (confine::seccomp_for)
    bool userns = false;              // the zone has its own user namespace
    // An operating system's init (systemd), not zinit: fresh /run and
    // /run/lock at every boot, its cgroup subtree as `cgroups` says
    // (sysmounts.hpp), SIGRTMIN+4 for a clean shutdown.
    bool system = false;
    CgroupLayout cgroups = CgroupLayout::None;
    std::uint32_t root_uid = 0;       // zone root on the host (owner of /run)
    // Which masked /proc files the zone's procfs has (mounts.hpp
    // proc_files_present): only those get a copy of /dev/null.
    std::vector<bool> proc_files;
    // Called with init's host PID once it is in its namespaces and cgroups,
    // before it execs: "" or an error line (the boot fails).
    std::function<std::string(pid_t)> before_exec;
};

// The process that becomes init (with a user namespace: its helper I),
// already in payload/ of every hierarchy, waiting for its go; it opens the
// pins of ns_dir itself then. A boot that readies the zone spawns it right
// after the platform helper, so that on a host with cgroup v1 hierarchies
// both moves share one RCU grace period (5-20 ms) instead of one each.
struct InitStem {
    Child child;
    Fd sock;              // our end of its socket
    bool userns = false;
    bool into_v2 = false;     // clone3 placed it in payload/ of the unified hierarchy
    bool attached = false;    // in payload/ of every hierarchy
    bool joining = false;     // told to join the platform already (let_stem_join)
    explicit operator bool() const { return static_cast<bool>(child); }
};

// A boot from installed: the platform's namespaces exist, so the stem
// (attached) may join them now, while zoneadmd finishes the ready (pins,
// console, the plugins' setup_host); start_init then only lets it go on.
// `ns`: the namespaces, in kPinned order and then the user namespace, when
// they are not pinned yet (the platform helper's); none: it opens the pins.
// It runs nothing of the zone before start_init's go. Quiet on failure:
// start_init finds a dead stem out.
void let_stem_join(InitStem& stem, const std::vector<int>& ns = {});

// A stem that will not be used (a ready that failed after let_stem_join, a
// halt): killed and reaped, and with a user namespace init's processes
// too if it made them already (they are ours through CLONE_PARENT).
void drop_stem(InitStem& stem);

// "" or an error line. spec.userns: the zone has a pinned user namespace.
// attach: move it into payload/ of the v1 hierarchies now; else
// start_init does it while the stem already works (see there).
std::string spawn_init(const BootSpec& spec, const std::string& ns_dir, const Cgroups& cg, InitStem& out,
                       bool attach = true);

// "" or an error line; `out` holds init on success. Takes `stem` (spawned
// above; left empty in every case) or spawns the stem itself. A stem of
// its own is moved into the v1 payload/ cgroups while it already joins
// the platform and makes init: the move waits for a grace period when
// cold, and init only has to be there before it execs (it is moved
// after the stem).
// Its phases are marked in `tl` (zoneadm boot -v) when given. With a user
// namespace `held` gets the helper's mount namespace, which init left: the
// caller closes it once the boot was answered (its teardown waits for an
// RCU grace period).
std::string start_init(const BootSpec& spec, const std::string& ns_dir, const Cgroups& cg, InitStem& stem,
                       Child& out, Fd& held, timing::Timeline* tl = nullptr);

// Whether the in-zone `init` of this spec wants SIGTERM (zinit) or
// SIGRTMIN+4 (systemd: poweroff) for a clean shutdown.
int shutdown_signal(const BootSpec& spec);

}  // namespace zones::zoneadmd
