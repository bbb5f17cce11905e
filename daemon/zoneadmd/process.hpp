// Child processes started with clone3 (CLONE_PIDFD, and CLONE_INTO_CGROUP
// when a v2 cgroup fd is given: on hybrid hosts that sets only the v2
// membership, cpp-stack.md §7, so the caller still attaches the v1 ones
// while the child waits). The Child kills and reaps on destruction unless
// released.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>

#include "sys.hpp"

namespace zones::zoneadmd {

class Child {
public:
    Child() = default;
    Child(pid_t pid, Fd pidfd) : pid_(pid), pidfd_(std::move(pidfd)) {}
    Child(Child&& o) noexcept : pid_(o.pid_), pidfd_(std::move(o.pidfd_)) { o.pid_ = -1; }
    Child& operator=(Child&& o) noexcept;
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child() { kill_and_reap(); }

    pid_t pid() const { return pid_; }
    int pidfd() const { return pidfd_.get(); }
    explicit operator bool() const { return pid_ > 0; }
    bool signal(int sig) const;
    // Block until it exits; the waitid code (CLD_EXITED/KILLED/...) and status.
    bool wait(int& code, int& status);
    void kill_and_reap();
    // SIGKILL, then wait up to `ms` for it to die (reaped if ours). False
    // when it is still there (a frozen task, or a PID-namespace init whose
    // exit waits for such a task): the Child then stays set.
    bool kill_within(int ms);
    void forget() { pid_ = -1; pidfd_.reset(); }

private:
    pid_t pid_ = -1;
    Fd pidfd_;
};

// clone3; in the child `fn` runs and its return value is the exit code.
// into_v2 reports whether CLONE_INTO_CGROUP placed it already.
Child spawn(std::uint64_t flags, int cgroup_fd, bool& into_v2, const std::function<int()>& fn,
            std::string& err);

// In a child about to exec one of the zone's programs: no signal blocked,
// every disposition the default. glibc's own two (32 and 33) too, by the
// raw system call: its signal() refuses them, and zonesd starts zoneadmd
// with posix_spawn, whose child has them ignored (glibc ignores its
// internal signals there when the parent had handlers), which the zone's
// init and sessions would otherwise inherit.
void reset_signals();

// pidfd of a process we did not start (adopt), or an empty Child.
Child open_pid(pid_t pid);

// When PID started (/proc/PID/stat field 22, clock ticks since boot), 0
// when it cannot be read. With a pidfd checked alive afterwards it tells a
// process from a later one that reuses its PID.
std::uint64_t start_time(pid_t pid);

}  // namespace zones::zoneadmd
