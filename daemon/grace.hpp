// Moving a process into a cgroup (a write to cgroup.procs or tasks) waits
// for an RCU grace period (5-20 ms on a busy host), unless another move
// happened within about one grace period before: the kernel's
// cgroup_threadgroup_rwsem is one for every hierarchy (bench/README.md,
// "Warm and cold"). A ready, a boot or a zlogin makes such moves a few
// milliseconds after zonesd gets the call (systemd's move of zoneadmd into
// the new scope, zoneadmd's of init and of a session into payload/). So
// once such a call is authorized, zonesd "moves" itself into the cgroup it
// is in: nothing changes, but the grace period starts then and passes
// while zonesd, systemd and zoneadmd do their other work, and the moves
// that matter find it passed. A thread of its own does it (the write
// blocks for the grace period); kicks while one runs are one.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "sys/fd.hpp"

namespace zones::daemon {

class GracePrimer {
public:
    // Finds zonesd's own cgroup.procs in the unified hierarchy; without one
    // (no cgroup2, or not writable) kick() does nothing.
    GracePrimer();
    ~GracePrimer();
    GracePrimer(const GracePrimer&) = delete;
    GracePrimer& operator=(const GracePrimer&) = delete;

    void kick() noexcept;

private:
    void loop();

    sys::Fd procs_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool pending_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace zones::daemon
