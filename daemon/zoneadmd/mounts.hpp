// Mount-namespace steps of the platform helper (run in the zone's new
// mount namespace, never in zoneadmd's own).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sys.hpp"

namespace zones::zoneadmd {

// Receive host mount events, never send ours back.
std::string make_rslave();
// The zone root must be a mount point for pivot_root: bind it onto itself,
// nodev with everything below it: a device node in the zone's own files
// (planted, or from an archive) opens nothing; only the dev plugin's /dev,
// mounted later, has usable nodes.
std::string bind_root(const std::string& root);
// pivot_root(".", ".") in the root, then detach the old root lazily: no
// path to it and no /proc needed (the trick runc and lxc use).
std::string pivot_into(const std::string& root);
// After pivot_root: share the zone's mounts so a per-boot namespace (a
// slave of this one) sees later platform mounts.
std::string make_rshared();
// After pivot_root: /dev/.zonename holds the zone's name for zonename(1),
// on a read-only bind the zone cannot write. Not the hostname (the zone
// may change it) nor the cgroup path (the zone has its own cgroup
// namespace). Without a user namespace zone root can still unmount it;
// once the zone has one (§7) the mount is locked.
std::string publish_zonename(std::string_view zone);
// Detached copies (open_tree) of the host's /dev/null, one for each /proc
// file mask_proc_sys covers that `present` says the zone's procfs has
// (proc_files_present), made before entering the zone's mount namespace:
// the masks never come from a path in the zone's /dev, which zone root may
// have replaced (by a symlink to the file itself) before a reboot. None for
// an absent file: closing an unused copy dissolves its mount, which waits
// for an RCU grace period on the way to init.
struct NullMasks {
    std::vector<Fd> fds;
};
std::string open_null_masks(NullMasks& out, const std::vector<bool>& present);
// A procfs, not yet mounted anywhere (an fsmount() fd, nosuid, nodev,
// noexec), of the PID namespace `pidns` (an nsfs fd; procfs's pidns=
// option, Linux 6.17+) or, with -1, of our own. An empty Fd with errno;
// EINVAL for pidns= means an older kernel.
Fd make_proc(int pidns);
// The /proc files covered by a copy of /dev/null, in NullMasks' order.
std::span<const char* const> masked_proc_files();
// Which of them a fresh procfs of this kernel shows (our own /proc may
// show less: subset=pid, a container's masks). All of them when no procfs
// can be made here: then every copy is made. `mount`: the probe's procfs,
// for the caller to close off its way (closing dissolves the mount).
std::vector<bool> proc_files_present(Fd& mount);

// In the per-boot mount namespace, right after /proc is mounted: hide what
// reveals the host (kcore, keys, timer_list, ... covered by NULLS;
// acpi, scsi, /sys/firmware by an empty read-only tmpfs) and make what
// changes it read-only (/proc/sys, sysrq-trigger, irq, bus, fs), as runc
// and LXC do. Zone root holds no CAP_SYS_ADMIN over these mounts (or, with
// a user namespace, they are locked), so it cannot undo them.
std::string mask_proc_sys(NullMasks& nulls);

}  // namespace zones::zoneadmd
