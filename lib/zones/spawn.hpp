// Child processes for a threaded daemon: posix_spawn (never fork without
// exec in a process with threads), a clean signal state in the child, and
// an owner that reaps (and if need be kills) what it started.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

#include "zones/file_util.hpp"

namespace zones {

class Child {
public:
    Child() = default;
    explicit Child(pid_t pid) : pid_(pid) {}
    Child(Child&& o) noexcept : pid_(std::exchange(o.pid_, -1)) {}
    Child& operator=(Child&& o) noexcept;
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    // A child still running is killed (SIGKILL) and reaped.
    ~Child();

    pid_t pid() const { return pid_; }
    // waitpid; returns the raw wait status. The child is ours no more.
    int wait();
    // Give the child up without waiting (it lives on; someone else reaps).
    pid_t release() { return std::exchange(pid_, -1); }

private:
    pid_t pid_ = -1;
};

// The child gets exactly these fds: 0-2 and `extra` from 3 on; every other
// fd of the parent is closed in it, CLOEXEC or not.
struct SpawnFds {
    int stdin_fd = -1;     // -1: /dev/null
    int stdout_fd = -1;    // -1: /dev/null
    int stderr_fd = -1;    // -1: /dev/null
    // Extra fds placed at 3, 4, ... in the child (in this order).
    std::vector<int> extra;
};

// The environment of a daemon's child: the standard PATH and nothing of
// the daemon's own environment (zonesd's may hold anything systemctl
// set-environment put there).
std::vector<std::string> clean_environment();
// The caller's environment plus `add` ("NAME=VALUE"): a command-line tool
// running a command for its user (zps runs ps with the user's locale).
std::vector<std::string> inherited_environment(const std::vector<std::string>& add = {});

// posix_spawn `argv[0]` (an absolute path) with `argv` and exactly the
// environment `env` ("NAME=VALUE"); signal mask empty and every signal
// disposition default in the child. Throws ZoneError(Internal).
Child spawn(const std::vector<std::string>& argv, const SpawnFds& fds,
            const std::vector<std::string>& env = clean_environment());

// Run to completion with stdin and stdout on /dev/null, collecting stderr
// (the last `max_err` bytes). Returns {wait status, stderr text}.
std::pair<int, std::string> run_collect_stderr(const std::vector<std::string>& argv,
                                               std::size_t max_err = 4096);

// "exited with status 2" / "killed by signal 9" for a wait status.
std::string describe_wait_status(int status);

}  // namespace zones
