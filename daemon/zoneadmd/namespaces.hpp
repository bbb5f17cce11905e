// The zone's pinned namespaces: nsfs bind mounts RUN/NAME/ns/{mnt,uts,net,
// cgroup,user} that keep them alive with no process in them, below
// RUN/NAME/ns bound onto itself (torn down in one umount). RUN must be a
// private mount, or a pin would propagate into the zone's own mount
// namespace (a slave of the host's) and the kernel would refuse the loop.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "process.hpp"
#include "sys.hpp"
#include "zones/subsystem.hpp"

namespace zones::zoneadmd {

inline constexpr std::array<const char*, 4> kPinned = {"mnt", "uts", "net", "cgroup"};

// Bind RUN onto itself once and make it private (idempotent).
std::string make_run_private(const std::string& run);

// The calling thread's mount namespace id (NS_GET_MNTNS_ID), 0 if the
// kernel has no such ioctl (its ids are then one increasing sequence).
std::uint64_t mnt_ns_id();

// After unshare(CLONE_NEWNS): make sure the new mount namespace's id is
// above THAN, the id of the namespace that will pin it. The kernel refuses
// (EINVAL) to bind a mount namespace file unless the binder's id is lower
// (fs/namespace.c mnt_ns_loop), but its ids come from per-CPU batches
// (gen_cookie), so a namespace made later on another CPU can have a lower
// id. If so, unshare again on each allowed CPU in turn: the CPU that issued
// THAN issues only higher ids from then on.
std::string ensure_mnt_ns_newer_than(std::uint64_t than);

// The template of every zone's mount namespace, pinned on RUN/.mnt: the
// host's mount table without RUN's submounts (every zone's pins), a slave
// of the host's so that mounts made there later reach it. The platform
// helper enters it before it unshares: its copy then costs the same beside
// one zone or five hundred (issue 13). Made by the first ready that finds
// none (under RUN's lock). `out` stays empty when the host's "/" is not
// shared (later mounts would not reach a template): the helper then copies
// the host's table, as it always did.
std::string open_mnt_template(const std::string& run, Fd& out);

// Unpin the template TEMPLATE (an fd of it), if it is still the one
// pinned; the next ready makes a fresh one (a helper found a path it
// binds differ in it from the host's: a mount that did not reach it).
void drop_mnt_template(const std::string& run, int tmpl);

// Pin /proc/PID/ns/X onto DIR/X for every kPinned namespace, and USERNS
// (an fd, or -1) onto DIR/user, below DIR bound onto itself (halt
// detaches DIR with every pin at once).
std::string pin_namespaces(pid_t pid, const std::string& dir, int userns);

// All pins present and nsfs?
bool pins_present(const std::string& dir);

// Open the pins (O_RDONLY|O_CLOEXEC), in kPinned order, and the user
// namespace pin DIR/user if the zone has one.
struct PinnedFds {
    std::array<Fd, kPinned.size()> fd;
    Fd user;
    Namespaces view() const {
        return {fd[0].get(), fd[1].get(), fd[2].get(), fd[3].get(), user.get()};
    }
};
std::string open_pins(const std::string& dir, PinnedFds& out);

// The zone's user namespace (architecture §1, §7): made first, by a child
// cloned into a new user namespace while zoneadmd, from the global zone,
// writes its uid_map and gid_map ("0 BASE 65536"); held open in `out`
// (pinned on DIR/user with the others, pin_namespaces). Every other
// namespace of the zone is then made by a process inside it, so it owns
// them. With `maker` that child is kept (NsMaker); else it exits at once.
struct NsMaker;
std::string make_userns(std::uint32_t base, Fd& out, NsMaker* maker = nullptr);

// The first process of the zone's user namespace, kept: told to (once it
// is in payload/ of every hierarchy), it makes the zone's UTS, net and
// cgroup namespaces there, owned by the user namespace and the cgroup one
// rooted at payload/, and sends them; the platform helper joins them. So
// the longest part of the helper's namespaces (a new net namespace, 0.5-1
// ms, and a fork of the helper to enter the user namespace) is done while
// zoneadmd spawns the helper. It runs only our code and exits after
// sending; zone root never sees it (no process of the zone exists yet).
struct NsMaker {
    Child child;
    Fd sock;
    bool started = false;
    explicit operator bool() const { return static_cast<bool>(child); }
};

// Tell it to make them: "" or the cause.
std::string start_owned_namespaces(NsMaker& m);

// Its namespaces, in the order uts, net, cgroup: "" or the cause. Then it
// exits on its own: `m` keeps only the child, for the caller to reap.
std::string take_owned_namespaces(NsMaker& m, std::vector<Fd>& out);

// Unmount and remove every pin (user included) and DIR itself (converges).
void unpin_namespaces(const std::string& dir);

}  // namespace zones::zoneadmd
