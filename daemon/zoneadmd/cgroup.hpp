// The zone's cgroups: the scope (zone-NAME.scope, Delegate=yes) found from
// /proc/self/cgroup in every hierarchy that has it (hybrid and pure v2),
// with supervisor/ (zoneadmd) and payload/ (every zone process) below it.
// Tests without systemd set ZONES_TEST_CGROUP=NAME: the scope is then
// OWN-CGROUP/NAME in every mounted hierarchy, created and removed by us.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "sys.hpp"
#include "sysmounts.hpp"

namespace zones::zoneadmd {

// Every PID in cgroup.procs of the cgroup `dir` and of every cgroup below
// it: any number of tasks (streamed), any depth (tree::walk).
std::vector<pid_t> cgroup_pids(const std::string& dir);

struct Hierarchy {
    std::string mount;      // /sys/fs/cgroup/memory
    std::string scope;      // absolute dir of the scope
    std::string original;   // our cgroup at start (test mode: to move back)
    bool v2 = false;
    bool systemd = false;   // name=systemd (v1 tracking hierarchy)
};

class Cgroups {
public:
    // "" or an error line.
    std::string discover(const std::string& zone);
    // mkdir supervisor/ and payload/, move ourselves into supervisor/.
    std::string setup();
    std::vector<std::string> payload_dirs() const;
    // O_DIRECTORY fd of the v2 payload for clone3(CLONE_INTO_CGROUP), or -1.
    // -1 once cgroup.kill was used on it: seen on 6.18, every later
    // CLONE_INTO_CGROUP child of that cgroup is SIGKILLed at birth
    // (probably the kill sequence number is compared against the parent's
    // cgroup), so children are then attached by pid while they wait.
    Fd payload_v2_fd() const;
    // Put pid into payload/ of every hierarchy (skip_v2: clone3 did it).
    std::string attach(pid_t pid, bool skip_v2) const;
    // A zlogin session's cgroups. With `leaf` (the zone's systemd owns
    // payload/'s subtree in cgroup2 and name=systemd): payload/.zlogin
    // there, made on demand, and payload/ in the v1 controller hierarchies
    // the zone does not see (there payload/ is a leaf, and its limits bind
    // at once); without, payload/ everywhere. systemd in the zone owns
    // payload/ itself (its root cgroup): on cgroup v2, once it enables
    // controllers there, payload/ may hold no process (EBUSY), and a
    // process there would keep systemd from enabling them. `fd`: the v2
    // directory for clone3(CLONE_INTO_CGROUP), or none (payload_v2_fd).
    std::string session_v2_fd(bool leaf, Fd& fd) const;
    std::string attach_session(pid_t pid, bool skip_v2, bool leaf) const;
    bool payload_pid(pid_t pid) const;   // is pid in our v2/systemd payload?
    // Every pid left in payload/ and below (v2, else the tracking hierarchy).
    std::vector<pid_t> payload_pids() const;
    // fn(pid) for every process of the host but those in the zones' scopes
    // (zones.slice/zone-*.scope: every other zone's zoneadmd and its zone's
    // processes, and ours), from the hierarchy every process is in (v2,
    // else name=systemd): what the host runs, whatever the number of
    // zones. false without such a hierarchy or slice (test mode), or when
    // a part of it could not be read: then look at every process.
    bool for_each_host_pid(const std::function<void(pid_t)>& fn) const;
    // Kill everything in payload/ (cgroup.kill, else a SIGKILL loop).
    void kill_payload() const;
    // Remove payload/. Under systemd, supervisor/ goes with the scope after
    // our exit; in test mode we move back to where we started and remove
    // supervisor/ and the test scope too. Converges. Called just before exit.
    void remove();
    bool test_mode() const { return test_; }
    // The hierarchies an OS init in the zone gets (sysmounts.hpp).
    CgroupLayout layout() const;
    // Hand payload/ in cgroup2 and name=systemd to zone root (`uid`), the
    // way systemd delegates a cgroup: the directory (so it may make
    // sub-cgroups, which are then its own) and the files that move tasks
    // and enable controllers below it (/sys/kernel/cgroup/delegate), never
    // payload/'s limits (pids.max, memory.max...), which stay the host's.
    std::string delegate_payload(std::uint32_t uid) const;

private:
    std::vector<Hierarchy> h_;
    bool test_ = false;
    mutable bool killed_ = false;
};

}  // namespace zones::zoneadmd
