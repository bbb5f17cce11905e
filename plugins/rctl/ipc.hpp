// The zone's IPC limits: sysctls of its IPC namespace (created with init
// at boot), written by a short-lived child of zoneadmd that setns()es into
// init's IPC namespace. ipc sysctls follow the writer's namespace, so the
// host's /proc/sys is the right place; the zone's own /proc is never used.
// Also the per-process limits init hands down (locked memory, CPU
// affinity), set on init before it execs.
#pragma once

#include <string>
#include <sys/types.h>

#include "mapping.hpp"

namespace zones::rctl {

// "" or the cause. `previous` (may be null) receives the values before.
std::string set_ipc_limits(pid_t init_pid, const ResourceControls& rc, bool full, std::vector<Sysctl>* previous);
// Restore values read by set_ipc_limits.
std::string write_ipc_sysctls(pid_t init_pid, const std::vector<Sysctl>& values);

// RLIMIT_MEMLOCK: the caller's own, lowered to zone.max-locked-memory when
// enforced (so it can rise again at apply), and
// the CPU affinity of dedicated-cpu (all online CPUs when empty), on one process.
std::string set_process_limits(pid_t pid, const ResourceControls& rc, const std::vector<unsigned>& cpus,
                               const std::vector<unsigned>& online);

}  // namespace zones::rctl
