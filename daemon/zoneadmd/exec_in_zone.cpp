#include "exec_in_zone.hpp"

#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
extern "C" {   // glibc 2.36's header lacks the C++ guard
#include <sys/pidfd.h>
}

#include <fmt/format.h>

#include "confine.hpp"
#include "login_command.hpp"
#include "sys.hpp"
#include "zone_users.hpp"

namespace zones::zoneadmd {
namespace {

constexpr int kSync = 3;     // the enterer's and leader's end of the sync socket
constexpr int kInit = 4;     // the enterer's: init's pidfd
constexpr int kUserns = 5;   // the enterer's: the zone's user namespace
constexpr const char* kRootPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
constexpr const char* kUserPath = "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games";

// Make src[i] fd i (fd 3 and above stay CLOEXEC) and close every
// other fd: nothing of zoneadmd's (pins, cgroup dirs, the console log) may
// be reachable from the zone, not even through /proc/self/fd.
bool remap_fds(const std::vector<int>& src) {
    std::vector<int> hi;
    for (int fd : src) {
        int h = ::fcntl(fd, F_DUPFD_CLOEXEC, 64);
        if (h < 0) return false;
        hi.push_back(h);
    }
    for (std::size_t i = 0; i < hi.size(); ++i)
        if (::dup3(hi[i], static_cast<int>(i), static_cast<int>(i) >= kSync ? O_CLOEXEC : 0) < 0) return false;
    return ::syscall(SYS_close_range, static_cast<unsigned>(hi.size()), ~0U, 0U) == 0;
}

// The leader's error line with anything but printable ASCII replaced: it
// reaches the caller's terminal, and the leader may be under zone root's
// ptrace when it writes it.
std::string printable(std::string line) {
    for (char& c : line)
        if (c < 0x20 || c > 0x7e) c = '?';
    return line;
}

[[noreturn]] void die(std::string_view line) {
    const std::string msg = fmt::format("error {}", line);
    [[maybe_unused]] ssize_t n = ::send(kSync, msg.data(), msg.size(), MSG_NOSIGNAL);
    ::_exit(127);
}

// A small regular file of the zone (read inside its mount namespace, so
// every symlink resolves within the zone's root).
bool read_zone_file(const char* path, std::string& out) {
    Fd fd(::open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > (16 << 20)) return false;
    return read_fd(fd.get(), out, 16u << 20);
}

// In-zone pty from the zone's own devpts; sends the master to zoneadmd.
// The slave, owned by the user, is the leader's controlling tty and stdio.
Fd open_session_pty(const ZoneUser& u, std::string_view group_text) {
    Fd m(::open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!m) m = Fd(::open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!m) die(errno_text("cannot allocate a pty in the zone: /dev/pts/ptmx", errno));
    int unlock = 0, n = -1;
    if (::ioctl(m.get(), TIOCSPTLCK, &unlock) < 0 || ::ioctl(m.get(), TIOCGPTN, &n) < 0)
        die(errno_text("pty", errno));
    Fd slave(::ioctl(m.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!slave) die(errno_text("pty slave", errno));
    // Owned by the user, group tty of the zone if it has one (like login).
    const gid_t tty_gid = group_id(group_text, "tty").value_or(static_cast<gid_t>(-1));
    if (::fchown(slave.get(), u.uid, tty_gid) < 0 || ::fchmod(slave.get(), 0620) < 0)
        die(errno_text("pty ownership", errno));
    if (!send_fds(kSync, fmt::format("pty pts/{}", n), {m.get()})) ::_exit(127);
    return slave;
}

// What the leader needs, prepared by the enterer before it confines
// itself: the leader is visible in the zone from its first instruction.
struct Session {
    ZoneUser user{"root", 0, 0, "/root", "/bin/sh"};
    std::vector<gid_t> groups{0};
    std::string shell;
    std::vector<std::string> env;
    Fd tty;   // shell mode: the pty slave
};

// The session leader, inside the zone, born confined and not dumpable:
// becomes the session and tty owner, the user, and execs. Never returns.
// It keeps the sync socket (fd 3, close-on-exec) until its execve: its
// failures before exec are reported there, and the socket's EOF at execve
// tells zoneadmd the session started, so it cannot be closed earlier.
[[noreturn]] void leader(const ExecRequest& req, Session& s) {
    if (::setsid() < 0) die(errno_text("setsid", errno));
    if (s.tty) {
        if (::ioctl(s.tty.get(), TIOCSCTTY, 0) < 0) die(errno_text("pty: TIOCSCTTY", errno));
        for (int fd = 0; fd < 3; ++fd)
            if (::dup2(s.tty.get(), fd) < 0) die(errno_text("pty: dup2", errno));
        s.tty.reset();
    }
    const ZoneUser& u = s.user;
    if (::setgroups(s.groups.size(), s.groups.data()) < 0 || ::setresgid(u.gid, u.gid, u.gid) < 0 ||
        ::setresuid(u.uid, u.uid, u.uid) < 0)
        die(errno_text(fmt::format("cannot become user '{}'", u.name), errno));

    std::vector<char*> envp;
    for (auto& e : s.env) envp.push_back(e.data());
    envp.push_back(nullptr);
    auto run = [&](const std::string& path, std::vector<std::string> args) {
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execve(path.c_str(), argv.data(), envp.data());
        return errno;
    };
    if (req.password) {
        // The zone's own login(1), as zone root: it asks for USER's password
        // (the zone's PAM and shadow), then becomes USER. For a delegated
        // administrator who holds only the `login` auth (illumos zlogin
        // without forced login).
        int e = run("/bin/login", {"login", "--", req.user});
        die(errno_text("cannot execute /bin/login", e));
    }
    const std::string& shell = s.shell;
    if (req.command.empty()) {   // a login shell, on the pty or on the caller's fds (zlogin z < script)
        // -S: a plain /bin/sh, no profile (the zone's may be what is broken).
        int e = run(shell, {req.safe ? std::string("sh") : login_argv0(shell)});
        die(errno_text(fmt::format("cannot execute {}", shell), e));
    }
    if (!req.safe && !needs_shell(req.command)) {
        for (const std::string& cand : path_candidates(req.command[0], u.uid == 0 ? kRootPath : kUserPath)) {
            int e = run(cand, req.command);
            if (e == ENOEXEC) break;   // a script without #!: the shell's business
        }
    }
    const std::size_t slash = shell.rfind('/');
    int e = run(shell, {shell.substr(slash == std::string::npos ? 0 : slash + 1), "-c", join_command(req.command)});
    die(errno_text(fmt::format("cannot execute {}", shell), e));
}

// The user, the pty and the environment of the session, read in the
// zone's mount namespace (every symlink resolves within the zone's root)
// by the enterer, which is not in the zone's PID namespace: no zone
// process can see it.
void prepare_session(const ExecRequest& req, Session& s) {
    std::string group_text;
    if (req.password) {
        // login(1) runs as zone root on a pty of root's, and looks USER up
        // itself.
        if (!read_zone_file("/etc/group", group_text)) group_text.clear();
        s.tty = open_session_pty(s.user, group_text);
        s.shell = "/bin/login";
        s.env = {fmt::format("PATH={}", kRootPath), "container=zone",
                 "TERM=" + (req.term.empty() ? std::string("vt100") : req.term)};
        if (::chdir("/") < 0) die(errno_text("chdir /", errno));
        return;
    }
    if (!req.safe) {
        std::string passwd;
        if (!read_zone_file("/etc/passwd", passwd)) die(errno_text("cannot read /etc/passwd of the zone", errno ? errno : EINVAL));
        auto found = find_user(passwd, req.user);
        if (!found) die(fmt::format("user '{}' is unknown in the zone", req.user));
        s.user = std::move(*found);
        if (!read_zone_file("/etc/group", group_text)) group_text.clear();
        s.groups = user_groups(group_text, s.user.name, s.user.gid);
    }
    if (req.shell) s.tty = open_session_pty(s.user, group_text);
    const ZoneUser& u = s.user;
    s.shell = req.safe ? "/bin/sh" : u.shell;
    s.env = {fmt::format("PATH={}", u.uid == 0 ? kRootPath : kUserPath),
             "HOME=" + u.home, "LOGNAME=" + u.name, "USER=" + u.name, "SHELL=" + s.shell,
             "MAIL=/var/mail/" + u.name, "container=zone"};
    if (req.shell) s.env.push_back("TERM=" + (req.term.empty() ? std::string("vt100") : req.term));
    if (::chdir(u.home.c_str()) < 0 && ::chdir("/") < 0) die(errno_text("chdir /", errno));
}

// The enterer: the session's cgroups already (payload/, or its .zlogin
// leaf; clone3 or attached while we wait),
// never in the zone's PID namespace. Joins the zone's other namespaces by
// init's pidfd, prepares the session, confines itself (the zone's
// bounding set, no_new_privs, seccomp) and turns undumpable, and only
// then makes the leader in the zone's PID namespace. Confinement is what
// protects the host: undumpable keeps out only zone processes without
// CAP_SYS_PTRACE over the leader's user namespace.
int enterer(const ExecRequest& req, int sync, int devnull) {
    std::vector<int> keep = req.shell ? std::vector<int>{devnull, devnull, devnull, sync}
                                      : std::vector<int>{req.stdio[0], req.stdio[1], req.stdio[2], sync};
    keep.push_back(req.init_pidfd);
    if (req.userns) keep.push_back(req.userns_fd);
    if (!remap_fds(keep)) return 126;
    Fd pidfd(kInit), user(req.userns ? kUserns : -1);
    char go;
    if (::read(kSync, &go, 1) != 1) return 1;   // zoneadmd gave up
    reset_signals();
    ::umask(022);
    // The limits the rctl plugin put on init (capped-memory locked as
    // RLIMIT_MEMLOCK, dedicated-cpu as the affinity where cpuset is v1):
    // a session is one of the zone's processes, not one of zoneadmd's.
    // Copied while still host root (raising back needs CAP_SYS_RESOURCE).
    // prlimit and affinity take a PID: they read init's only if its pidfd
    // says it is still alive afterwards (else the PID may be another's).
    const pid_t init_pid = req.init_pid;
    rlimit lim{};
    cpu_set_t cpus;
    if (::prlimit(init_pid, RLIMIT_MEMLOCK, nullptr, &lim) < 0 || ::sched_getaffinity(init_pid, sizeof cpus, &cpus) < 0 ||
        ::pidfd_send_signal(pidfd.get(), 0, nullptr, 0) < 0)
        die(errno_text("could not enter zone: its init", errno));
    if (::prlimit(0, RLIMIT_MEMLOCK, &lim, nullptr) < 0)
        die(errno_text("could not enter zone: locked memory limit", errno));
    if (::sched_setaffinity(0, sizeof cpus, &cpus) < 0) die(errno_text("could not enter zone: CPU affinity", errno));
    if (user) {   // first, as zone root: every other namespace is owned by it
        if (std::string e = confine::join_user_namespace(user.get()); !e.empty())
            die(fmt::format("could not enter zone: {}", e));
        user.reset();
    }
    const int flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP;
    if (::setns(pidfd.get(), flags) < 0) die(errno_text("could not enter zone", errno));
    pidfd.reset();

    Session s;
    prepare_session(req, s);
    // The zone's privilege limits (confine.hpp): capability bounding set
    // from limitpriv, no_new_privs (no setuid binary of the zone gains what
    // we did not give), seccomp; still zone root here (the bounding set
    // needs CAP_SETPCAP; the leader switches to the user). Not dumpable:
    // zone processes cannot attach to the leader before its execve, unless
    // they hold CAP_SYS_PTRACE in its user namespace: zone root of a zone
    // without a user namespace (userns=false) with proc_owner, which holds
    // it in the initial one. What such a tracer reaches is the zone's own:
    // the leader is confined already and holds only the session's fds and
    // the sync socket, where zoneadmd takes from the leader nothing but a
    // printable "error" line (it could fail its own zone's session).
    if (std::string e = confine::apply_no_new_privs(req.limits, *req.seccomp); !e.empty())
        die(fmt::format("could not confine the session: {}", e));
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) die(errno_text("could not confine the session: dumpable", errno));
    // clone(2), not clone3 (the profile refuses it): zoneadmd's child
    // (CLONE_PARENT), which waits for it, in the zone's PID namespace.
    long pid = ::syscall(SYS_clone, CLONE_PARENT, 0, nullptr, nullptr, 0);
    if (pid < 0) die(errno_text("clone", errno));
    if (pid == 0) leader(req, s);
    const std::string msg = fmt::format("pid {}", pid);
    return ::send(kSync, msg.data(), msg.size(), MSG_NOSIGNAL) < 0 ? 1 : 0;
}

}  // namespace

std::string exec_in_zone(const ExecRequest& req, const Cgroups& cg, ExecResult& out) {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return errno_text("socketpair", errno);
    Fd mine(sv[0]), theirs(sv[1]);
    Fd devnull;
    if (req.shell && !(devnull = Fd(::open("/dev/null", O_RDWR | O_CLOEXEC)))) return errno_text("/dev/null", errno);
    // A wedged child must not wedge zoneadmd. Every message says who sent it.
    timeval tv{10, 0};
    const int on = 1;
    if (::setsockopt(mine.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0 ||
        ::setsockopt(mine.get(), SOL_SOCKET, SO_PASSCRED, &on, sizeof on) < 0)
        return errno_text("enterer socket", errno);
    Fd cgfd;
    if (std::string e = cg.session_v2_fd(req.session_leaf, cgfd); !e.empty()) return e;
    bool into_v2 = false;
    std::string err;
    Child ent = spawn(0, cgfd.get(), into_v2, [&] { return enterer(req, theirs.get(), devnull.get()); }, err);
    if (!ent) return err;
    theirs.reset();
    if (std::string e = cg.attach_session(ent.pid(), into_v2, req.session_leaf); !e.empty()) return e;   // ~Child kills it
    if (!send_fds(mine.get(), "g")) return errno_text("enterer sync", errno);

    // The enterer speaks first: "error ...", or "pty pts/N" with the master
    // (shell), then "pid N". After that only the leader may: "error ...",
    // or EOF at its execve. The leader inherits the socket and is visible
    // in the zone (ptrace by zone root holding CAP_SYS_PTRACE, in a zone
    // without a user namespace, despite PR_SET_DUMPABLE 0): every message
    // carries its sender's PID, a message from anyone but the expected
    // sender is refused, and the leader's is only ever an error line.
    std::string text;
    std::vector<Fd> fds;
    pid_t from = 0;
    Child leader_child;
    bool got = false;
    for (;;) {
        got = recv_fds_from(mine.get(), text, fds, 4096, from);
        if (!got || from != ent.pid()) break;
        if (text.rfind("error ", 0) == 0) return text.substr(6);   // ~Child kills and reaps it
        if (req.shell && text.rfind("pty ", 0) == 0 && fds.size() == 1 && !out.pty_master) {
            out.tty = text.substr(4);
            out.pty_master = std::move(fds[0]);
            continue;
        }
        if (text.rfind("pid ", 0) != 0) return "could not enter zone: bad helper message";
        const pid_t pid = static_cast<pid_t>(std::strtol(text.c_str() + 4, nullptr, 10));
        leader_child = Child(pid, Fd(::pidfd_open(pid, 0)));
        if (!leader_child.pidfd()) return errno_text("pidfd_open", errno);   // cannot happen: our unreaped child
        break;
    }
    if (!leader_child) {
        int code = 0, status = 0;
        ent.wait(code, status);
        return got ? "could not enter zone: a message from outside the helper" : "could not enter zone: the helper died";
    }
    int code = 0, status = 0;
    ent.wait(code, status);
    if (req.shell && !out.pty_master) return "no pty from the zone";
    for (;;) {
        got = recv_fds_from(mine.get(), text, fds, 4096, from);
        if (!got) break;
        if (from != leader_child.pid()) continue;
        if (text.rfind("error ", 0) == 0) return printable(text.substr(6));   // ~Child reaps it
    }
    if (errno == EAGAIN) return "the session did not start within 10 s";
    out.leader = std::move(leader_child);
    return {};
}

}  // namespace zones::zoneadmd
