// What keeps a zone from halting (illumos: "zone is busy"): processes in
// its payload that survived SIGKILL (e.g. frozen by a v1 freezer), and
// processes outside the zone that entered or hold its pinned namespaces
// (nsenter, an open /proc/PID/ns file), which would keep its mounts and
// devices alive after the pins are gone.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "namespaces.hpp"

namespace zones::zoneadmd {

// "1234 (sleep)" for up to three pids, ", ..." after.
std::string describe_pids(const std::vector<pid_t>& pids);

// A namespace of the zone, held open by zoneadmd, and its name in messages.
struct HeldNs {
    int fd;
    const char* word;   // "mount", "UTS", ...
};
// The pinned namespaces (the platform) in that form.
std::vector<HeldNs> platform_namespaces(const PinnedFds& pins);

// Calls its argument for every PID to look at; false when it cannot (then
// every process of /proc is looked at).
using PidSource = std::function<bool(const std::function<void(pid_t)>&)>;

// "" when no process but us holds any of `ns`, else e.g.
// "process 1234 (sleep) holds the zone's mount namespace". The processes
// looked at: those of `host_pids`, else all; `looked`: how many.
std::string namespace_holders(const std::vector<HeldNs>& ns, const PidSource& host_pids = {},
                              std::size_t* looked = nullptr);

}  // namespace zones::zoneadmd
