// The zone's device allow-list in the device controller of its payload
// cgroup: cgroup v1 `devices.deny`/`devices.allow`, and on cgroup v2 a
// BPF_PROG_TYPE_CGROUP_DEVICE program (v2 has no device files; the kernel
// runs the program on every open and mknod of a device node). On hybrid
// hosts both are set. Nothing outside the list can be opened, and mknod is
// never allowed (the zone's /dev is made by the dev plugin beforehand).
#pragma once

#include <string>
#include <vector>

#include "common/mount_util.hpp"

namespace zones::plugin {

struct DevRule {
    char type;        // 'c' or 'b'
    long major;       // -1 = any
    long minor;       // -1 = any
    std::string text() const;   // "c 1:3 rw" (v1 syntax)
};

// The nodes every zone has: null zero full random urandom tty ptmx and
// its own pty slaves.
std::vector<DevRule> base_rules();

// Apply RULES (read/write only) to the zone's payload cgroup in each of
// DIRS (one per hierarchy): the v1 devices hierarchy (has devices.allow)
// and v2 (has cgroup.controllers); other hierarchies are left alone. Fails
// closed: when no DIR has a device controller, nothing would restrict the
// zone's devices, and that is an error, not an allow-all. `program`: v2's
// program for exactly these RULES, loaded beforehand (load_device_program),
// or none (then it is loaded here).
Status restrict_devices(const std::vector<std::string>& dirs, const std::vector<DevRule>& rules,
                        const Fd* program = nullptr);

// The v2 program for RULES, loaded into the kernel (its verifier's check
// and JIT, about 0.3 ms): zoneadmd has it done while systemd makes the
// zone's scope, before the cgroup it is attached to exists.
Status load_device_program(const std::vector<DevRule>& rules, Fd& out);

}  // namespace zones::plugin
