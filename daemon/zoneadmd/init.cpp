#include "init.hpp"

#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "confine.hpp"
#include "mounts.hpp"
#include "sys/test_hooks.hpp"
#include "sys.hpp"

namespace zones::zoneadmd {
namespace {

int report(int sock, const std::string& e) {
    [[maybe_unused]] ssize_t n = ::write(sock, e.data(), e.size());
    return 127;
}

int report_errno(int sock, std::string_view what) { return report(sock, errno_text(what, errno)); }

// Join the zone's pinned UTS, net and cgroup namespaces and the platform's
// mount namespace (last: it changes our root and cwd to the zone's), then
// a per-boot mount namespace, a slave of the platform's.
int enter_platform(const PinnedFds& pins, int sock) {
    static constexpr int kTypes[] = {CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWNET, CLONE_NEWCGROUP};
    for (int i : {1, 2, 3, 0})
        if (::setns(pins.fd[static_cast<std::size_t>(i)].get(), kTypes[i]) < 0) return report_errno(sock, "setns");
    if (::unshare(CLONE_NEWNS) < 0) return report_errno(sock, "unshare mount namespace");
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) < 0) return report_errno(sock, "make-rslave /");
    return 0;
}

// A procfs of the PID namespace our children are made in (setns'd to R's),
// made without a process in it. `host_proc`: the host's /proc.
Fd proc_for_children(int host_proc) {
    if (const char* c = sys::test_hook(sys::Hook::TestCompat); c && std::string_view(c) == "no-proc-pidns") {
        errno = EINVAL;
        return Fd();
    }
    Fd ns(::openat(host_proc, "thread-self/ns/pid_for_children", O_RDONLY | O_CLOEXEC));
    return ns ? make_proc(ns.get()) : Fd();
}

// /proc of this boot and its masks; for an OS init also /run, /run/lock
// and its cgroup subtree (sysmounts.hpp). Host credentials, per-boot mount
// namespace: with a user namespace the zone gets them all locked. `made`:
// a procfs already made for the zone's PID namespace, else one of ours.
// Onto the zone root's /proc as a directory, never a symlink it planted.
int mount_proc(const BootSpec& spec, int sock, NullMasks& nulls, int made = -1) {
    Fd target(::open("/proc", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!target) return report_errno(sock, "/proc (must be a directory, not a symlink)");
    Fd ours;
    if (made < 0 && !(ours = make_proc(-1))) return report_errno(sock, "procfs");
    if (::move_mount(made >= 0 ? made : ours.get(), "", target.get(), "",
                     MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        return report_errno(sock, "mount /proc");
    if (std::string e = mask_proc_sys(nulls); !e.empty()) return report(sock, e);
    if (spec.system)
        if (std::string e = mount_system_dirs(spec.cgroups, spec.root_uid); !e.empty()) return report(sock, e);
    return 0;
}

// The host's /dev/null for the masks, while still in zoneadmd's mount namespace.
int open_nulls(const BootSpec& spec, NullMasks& nulls, int sock) {
    if (std::string e = open_null_masks(nulls, spec.proc_files); !e.empty()) return report(sock, e);
    return 0;
}

// The last steps of init, in the zone: console as stdio and controlling
// tty, nothing of zoneadmd's open (prepare_exec: done while zoneadmd may
// still be moving init into its cgroups), then confinement and execve
// (finish_exec).
int prepare_exec(int sock) {
    if (::chdir("/") < 0) return report_errno(sock, "chdir /");
    reset_signals();
    ::umask(022);
    if (::setsid() < 0) return report_errno(sock, "setsid");
    int tty = ::open("/dev/console", O_RDWR);
    if (tty < 0) return report_errno(sock, "/dev/console");
    if (::ioctl(tty, TIOCSCTTY, 0) < 0) return report_errno(sock, "TIOCSCTTY");
    for (int fd = 0; fd < 3; ++fd)
        if (::dup2(tty, fd) < 0) return report_errno(sock, "dup2");
    if (tty > 2) ::close(tty);
    // Nothing of zoneadmd's may reach the zone (CVE-2024-21626).
    ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
    return 0;
}

int exec_init(const BootSpec& spec, int sock) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(spec.init.c_str()));
    for (const auto& a : spec.args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    char* envp[] = {const_cast<char*>("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                    const_cast<char*>("container=zones"), const_cast<char*>("TERM=vt220"),
                    const_cast<char*>("HOME=/"), nullptr};
    ::execve(spec.init.c_str(), argv.data(), envp);
    return report_errno(sock, fmt::format("exec {}", spec.init));
}

// Last, in this order: seccomp and capabilities (confine.hpp), execve.
int finish_exec(const BootSpec& spec, int sock) {
    if (std::string e = confine::apply(spec.limits, *spec.seccomp); !e.empty()) return report(sock, e);
    return exec_init(spec, sock);
}

// The go to join the platform. With the platform's namespaces when
// zoneadmd sends them along (kPinned order, then the user namespace's): a
// boot from installed, from the platform helper before they are pinned.
// Else the pins of ns_dir, opened now: the stem may have been spawned
// before the helper made them. 1 when zoneadmd gave up.
int await_platform(const std::string& ns_dir, PinnedFds& pins, int sock) {
    std::string go;
    std::vector<Fd> fds;
    if (!recv_fds(sock, go, fds) || go != "g") return 1;
    if (fds.empty()) {
        if (std::string e = open_pins(ns_dir, pins); !e.empty()) return report(sock, e);
        return 0;
    }
    if (fds.size() != kPinned.size() && fds.size() != kPinned.size() + 1)
        return report(sock, fmt::format("{} namespaces sent to join, not {}", fds.size(), kPinned.size()));
    for (std::size_t i = 0; i < kPinned.size(); ++i) pins.fd[i] = std::move(fds[i]);
    if (fds.size() > kPinned.size()) pins.user = std::move(fds.back());
    return 0;
}

// Without a user namespace: runs in the clone3 child, already PID 1 of the
// zone's new PID and IPC namespaces; single-threaded, so setns(mnt) works.
int init_child(const BootSpec& spec, const std::string& ns_dir, int sock) {
    PinnedFds pins;
    if (int r = await_platform(ns_dir, pins, sock)) return r;
    {
        NullMasks nulls;
        if (int r = open_nulls(spec, nulls, sock)) return r;
        if (int r = enter_platform(pins, sock)) return r;
        if (int r = mount_proc(spec, sock, nulls)) return r;
    }
    if (int r = prepare_exec(sock)) return r;
    char go;
    if (::read(sock, &go, 1) != 1) return 1;   // in payload/ of every hierarchy: run
    return finish_exec(spec, sock);
}

long clone3_raw(std::uint64_t flags, int* pidfd) {
    clone_args a{};
    a.flags = flags | CLONE_PIDFD;
    a.pidfd = reinterpret_cast<std::uint64_t>(pidfd);
    a.exit_signal = (flags & CLONE_PARENT) ? 0 : SIGCHLD;   // CLONE_PARENT: the caller's
    return ::syscall(SYS_clone3, &a, sizeof a);
}

// With a user namespace, four processes so that the PID, IPC and per-boot
// mount namespaces of the zone are owned by its user namespace while /proc
// and its masks still come from the global zone and are locked:
//   I  (this child, host credentials) joins the platform and makes the
//      per-boot mount namespace M1 (a slave of the platform's);
//   R0 (zoneadmd's child through CLONE_PARENT) enters the user namespace as
//      zone root and makes
//   R  (CLONE_PARENT again: zoneadmd's child) in new PID and IPC namespaces,
//      still in M1, where it loads the zone's seccomp filter and waits;
//   P  (I's child, in R's PID namespace) mounts R's /proc and the masks in M1,
//      only on a kernel without procfs's pidns= (before 6.17); with it I
//      mounts them itself, one process and one wait less.
// Once /proc is there, I lets R copy M1 into its own mount namespace M2, which
// locks every mount in it (a copy into a less privileged user namespace),
// so zone root cannot unmount or remount what the global zone set up; R
// readies its exec (console, fds) and waits. I sends zoneadmd "init RPID
// R0PID" with both pidfds and exits. I makes R0 at once, not after its own
// move into payload/: a boot from ready moves I while it works, and that
// move waits for an RCU grace period (8-16 ms on a 250 Hz kernel), which
// R's making now shares. R may so be born outside payload/; zoneadmd moves
// it there too (the lock is warm by then) before it runs the plugins' boot
// hooks on R (before_exec) and says go to R itself, on the socket R
// inherited from I; R execs init.
int init_child_userns(const BootSpec& spec, const std::string& ns_dir, int sock) {
    PinnedFds pins;
    if (int r = await_platform(ns_dir, pins, sock)) return r;
    if (!pins.user) return report(sock, "the zone's user namespace is not pinned");
    NullMasks nulls;
    if (int r = open_nulls(spec, nulls, sock)) return r;
    Fd host_proc(::open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC));   // ours, before the platform's
    if (!host_proc) return report_errno(sock, "/proc");
    if (int r = enter_platform(pins, sock)) return r;
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return report_errno(sock, "socketpair");
    Fd mine(sv[0]), theirs(sv[1]);
    int r0fd = -1;
    long r0 = clone3_raw(CLONE_PARENT, &r0fd);
    if (r0 < 0) return report_errno(sock, "clone3");
    if (r0 == 0) {
        mine.reset();
        nulls = NullMasks();
        host_proc.reset();
        if (::setns(pins.user.get(), CLONE_NEWUSER) < 0) ::_exit(report_errno(sock, "setns user"));
        if (::setgroups(0, nullptr) < 0 || ::setresgid(0, 0, 0) < 0 || ::setresuid(0, 0, 0) < 0)
            ::_exit(report_errno(sock, "become zone root"));
        int rfd = -1;
        long r = clone3_raw(CLONE_PARENT | CLONE_NEWPID | CLONE_NEWIPC, &rfd);
        if (r < 0) ::_exit(report_errno(sock, "clone3 init"));
        if (r == 0) {
            // The filter first, while I mounts /proc: what we do after it
            // (unshare of a mount namespace, the console, capset, execve)
            // is all allowed by the profile.
            if (std::string e = confine::load_filter(*spec.seccomp); !e.empty()) ::_exit(report(sock, e));
            char g;
            if (::read(theirs.get(), &g, 1) != 1) ::_exit(1);   // P mounted /proc
            // Our own copy of M1, now with /proc and its masks: a copy into
            // a less privileged user namespace locks every mount in it.
            if (::unshare(CLONE_NEWNS) < 0) ::_exit(report_errno(sock, "unshare mount namespace"));
            theirs.reset();
            if (int rc = prepare_exec(sock)) ::_exit(rc);
            // Capabilities cut while zoneadmd runs the hooks; then its go,
            // straight to us (I is gone by then): we are in payload/ and
            // the hooks ran.
            if (std::string e = confine::drop_caps(spec.limits); !e.empty()) ::_exit(report(sock, e));
            if (::read(sock, &g, 1) != 1) ::_exit(1);
            ::_exit(exec_init(spec, sock));
        }
        send_fds(theirs.get(), std::to_string(r), {rfd});
        ::_exit(0);
    }
    Fd r0pidfd(r0fd);
    theirs.reset();
    std::string text;
    std::vector<Fd> got;
    if (!recv_fds(mine.get(), text, got) || got.size() != 1) return report(sock, "init process not made");
    Fd rpidfd = std::move(got[0]);
    const long rpid = std::strtol(text.c_str(), nullptr, 10);
    if (::setns(rpidfd.get(), CLONE_NEWPID) < 0) return report_errno(sock, "setns pid");
    if (Fd proc = proc_for_children(host_proc.get())) {
        if (int r = mount_proc(spec, sock, nulls, proc.get())) return r;
    } else if (errno != EINVAL) {
        return report_errno(sock, "procfs of the zone's PID namespace");
    } else {
        pid_t p = ::fork();   // P
        if (p < 0) return report_errno(sock, "fork");
        if (p == 0) ::_exit(mount_proc(spec, sock, nulls));
        int st = 0;
        while (::waitpid(p, &st, 0) < 0 && errno == EINTR) {}
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) return 127;   // P said why
    }
    nulls = NullMasks();
    // M1 for zoneadmd to hold: whoever leaves it last (R, or I at its exit)
    // would otherwise tear it down on init's way, an RCU grace period.
    Fd m1(::openat(host_proc.get(), "thread-self/ns/mnt", O_RDONLY | O_CLOEXEC));
    if (!m1) return report_errno(sock, "the boot's mount namespace");
    if (::write(mine.get(), "p", 1) != 1) return report_errno(sock, "init");   // R may copy M1
    send_fds(sock, fmt::format("init {} {}", rpid, r0), {rpidfd.get(), r0pidfd.get(), m1.get()});
    // zoneadmd runs the plugins' boot hooks on R, then tells R itself.
    return 0;
}

}  // namespace

int shutdown_signal(const BootSpec& spec) {
    return spec.system ? SIGRTMIN + 4 : SIGTERM;
}

std::string spawn_init(const BootSpec& spec, const std::string& ns_dir, const Cgroups& cg, InitStem& out,
                       bool attach) {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return errno_text("socketpair", errno);
    Fd mine(sv[0]), theirs(sv[1]);
    // Not attached now: a plain clone, in our own cgroups. clone3 into a
    // cgroup takes cgroup_mutex, which a cold move elsewhere (systemd's,
    // zonesd's grace.hpp) holds for a whole grace period; the stem would
    // then wait for it instead of working meanwhile.
    Fd cgfd = attach ? cg.payload_v2_fd() : Fd();
    bool into_v2 = false;
    std::string err;
    const bool userns = spec.userns;
    Child c = spawn(userns ? 0 : CLONE_NEWPID | CLONE_NEWIPC, cgfd.get(), into_v2, [&] {
        mine.reset();
        return userns ? init_child_userns(spec, ns_dir, theirs.get()) : init_child(spec, ns_dir, theirs.get());
    }, err);
    if (!c) return err;
    theirs.reset();
    if (attach)
        if (std::string e = cg.attach(c.pid(), into_v2); !e.empty()) return e;   // ~Child kills it
    out.child = std::move(c);
    out.sock = std::move(mine);
    out.userns = userns;
    out.into_v2 = into_v2;
    out.attached = attach;
    return {};
}

void let_stem_join(InitStem& stem, const std::vector<int>& ns) {
    if (!stem || !stem.attached || stem.joining) return;
    stem.joining = send_fds(stem.sock.get(), "g", ns);
}

// I's word "init RPID R0PID" with the pidfds of R and R0 and the boot's
// mount namespace; false for anything else (an error line, a short word).
static bool init_word(bool got, const std::string& text, const std::vector<Fd>& fds, pid_t& r, pid_t& r0) {
    long rpid = 0, r0pid = 0;
    if (!got || fds.size() != 3 || std::sscanf(text.c_str(), "init %ld %ld", &rpid, &r0pid) != 2) return false;
    r = static_cast<pid_t>(rpid);
    r0 = static_cast<pid_t>(r0pid);
    return true;
}

void drop_stem(InitStem& stem) {
    InitStem st = std::exchange(stem, InitStem());
    if (!st) return;
    st.child.kill_and_reap();   // what it sent before it died is on the socket now
    if (!st.userns) return;
    std::string text;
    std::vector<Fd> fds;
    pid_t rpid = 0, r0pid = 0;
    if (!init_word(recv_fds(st.sock.get(), text, fds, 4096, MSG_DONTWAIT), text, fds, rpid, r0pid)) return;
    Child init(rpid, std::move(fds[0]));   // killed and reaped here
    Child r0(r0pid, std::move(fds[1]));
}

std::string start_init(const BootSpec& spec, const std::string& ns_dir, const Cgroups& cg, InitStem& stem,
                       Child& out, Fd& held, timing::Timeline* tl) {
    auto mark = [tl](const char* what) {
        if (tl) tl->mark(what);
    };
    InitStem st = std::exchange(stem, InitStem());
    // On every failure below: the stem killed, and init's processes if it
    // made them before we read its word.
    struct Dropped {
        InitStem& s;
        ~Dropped() { drop_stem(s); }
    } dropped{st};
    if (!st) {
        if (std::string e = spawn_init(spec, ns_dir, cg, st, false); !e.empty()) return e;
        mark("zoneadmd: init process spawned");
    }
    Child& c = st.child;
    Fd& mine = st.sock;
    const bool userns = st.userns;
    if (!st.joining && !send_fds(mine.get(), "g")) {
        int code = 0, status = 0;
        c.wait(code, status);
        return fmt::format("init died before it ran (code {} status {})", code, status);
    }
    if (!st.attached) {
        // It joins the platform and makes init meanwhile; a cold move waits
        // for a grace period.
        if (std::string e = cg.attach(c.pid(), st.into_v2); !e.empty()) return e;
        mark("zoneadmd: init process moved into payload/ cgroups (meanwhile, it joins the platform, makes init)");
    }
    // Without a user namespace c is init itself; with one, init comes
    // later. The hooks run once it is in its cgroups (a cpuset move would
    // undo an affinity they set) and before it execs.
    if (!userns && spec.before_exec)
        if (std::string e = spec.before_exec(c.pid()); !e.empty()) return e;
    if (!userns && !send_fds(mine.get(), "a")) {   // init may exec
        int code = 0, status = 0;
        c.wait(code, status);
        return fmt::format("init died before it ran (code {} status {})", code, status);
    }
    std::string text;
    std::vector<Fd> fds;
    bool got = recv_fds(mine.get(), text, fds);
    if (userns) {
        // The helper's word first: the init (R) and the go-between (R0),
        // both our children through CLONE_PARENT.
        pid_t rpid = 0, r0pid = 0;
        if (!init_word(got, text, fds, rpid, r0pid)) {
            int code = 0, status = 0;
            c.wait(code, status);
            return got ? text : "init helper died";
        }
        mark("init: joins the platform, made in new PID and IPC namespaces, /proc mounted");
        Child r0(r0pid, std::move(fds[1]));
        Child init(rpid, std::move(fds[0]));
        held = std::move(fds[2]);
        // Made while the stem's move waited: init may have been born before
        // it ended. Into payload/ too; warm, so no second grace period.
        if (!st.attached)
            if (std::string e = cg.attach(init.pid(), false); !e.empty()) return e;   // ~Child kills both
        // Init exists in its namespaces and cgroups and has not exec'd.
        if (spec.before_exec)
            if (std::string e = spec.before_exec(init.pid()); !e.empty()) return e;   // ~Child kills both
        if (!send_fds(mine.get(), "g")) return errno_text("init helper", errno);
        // R0 and I exit on their own meanwhile; reaped while init execs.
        int code = 0, status = 0;
        r0.wait(code, status);
        c.wait(code, status);
        text.clear();
        got = recv_fds(mine.get(), text, fds);
        if (got) return text;   // exec failed (~Child kills it)
        mark("init: exec");
        out = std::move(init);
        return {};
    }
    if (got) return text;   // exec failed
    mark("init: joins the platform, /proc mounted, exec");
    out = std::move(c);     // EOF: CLOEXEC closed it at a successful exec
    return {};
}

}  // namespace zones::zoneadmd
