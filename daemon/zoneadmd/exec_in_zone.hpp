// A process inside the running zone for zlogin (sessions.cpp): joins every
// namespace of the zone's init (its user namespace first, as zone root,
// when the zone has one: confine::join_user_namespace), lives in the
// payload cgroup of every hierarchy, runs as a user of the zone's own
// passwd/group, with a sane environment, no_new_privs and the zone's
// privilege limits. Either on the caller's stdin/stdout/stderr (command)
// or on a new pty from the zone's own devpts (interactive shell).
//
// Two forks, because setns(CLONE_NEWPID) only places children: zoneadmd
// (single-threaded) clones the "enterer" into payload/, which joins the
// namespaces by init's pidfd, reads the zone's passwd and group files and
// opens the pty (no zone process can see it: it is not in the zone's PID
// namespace), confines itself (bounding set, no_new_privs, seccomp) and
// turns undumpable; only then it clones the session leader with
// CLONE_PARENT into the zone's PID namespace. So nothing the zone can see
// or ptrace ever holds more than the zone's privileges. The leader is
// zoneadmd's own child (pidfd, waitid) and the enterer exits.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "cgroup.hpp"
#include "confine.hpp"
#include "process.hpp"
#include "sys.hpp"
#include "zones/privileges.hpp"

namespace zones::zoneadmd {

struct ExecRequest {
    bool shell = false;                 // pty + login shell; else a command on fds
    bool safe = false;                  // -S: /bin/sh as root, no user lookup
    bool password = false;              // shell: the zone's login(1) asks for USER's password
    std::string user = "root";          // a name (or uid) of the zone's /etc/passwd
    std::vector<std::string> command;   // empty: the user's login shell
    std::string term;                   // TERM for the shell ("" -> vt100)
    int stdio[3] = {-1, -1, -1};        // command mode: the caller's fds
    int init_pidfd = -1;                // the zone's init, held by zoneadmd
    pid_t init_pid = 0;                 // its PID (for prlimit; checked by the pidfd)
    int userns_fd = -1;                 // the zone's pinned user namespace, if it has one
    priv::Limits limits;                // limitpriv, expanded (confine.hpp)
    const confine::Seccomp* seccomp = nullptr;   // its compiled profile (confine::seccomp_for)
    bool userns = false;                // the zone has its own user namespace (userns_fd)
    bool session_leaf = false;          // its init owns payload/'s subtree: join payload/.zlogin there
};

struct ExecResult {
    Child leader;            // our child (CLONE_PARENT): session leader in the zone
    Fd pty_master;           // shell mode
    std::string tty;         // shell mode: "pts/N" as seen in the zone
};

// "" or the error line (without "zone 'NAME': ").
std::string exec_in_zone(const ExecRequest& req, const Cgroups& cg, ExecResult& out);

}  // namespace zones::zoneadmd
