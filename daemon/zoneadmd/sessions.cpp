#include "sessions.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include <fmt/format.h>

#include "log.hpp"

namespace zones::zoneadmd {
namespace {

std::vector<std::string> split_nul(std::string_view s) {
    std::vector<std::string> v;
    for (std::size_t p = 0;;) {
        const std::size_t e = s.find('\0', p);
        v.emplace_back(s.substr(p, e == std::string_view::npos ? std::string_view::npos : e - p));
        if (e == std::string_view::npos) return v;
        p = e + 1;
    }
}

// The end of an interactive session is a hangup of all of it: SIGHUP to
// every process still in the session (as the tty hangup does to job-
// controlled jobs only if the shell passes it on; nohup'd and setsid'd
// processes live on). Every one of them descends from the leader, which
// runs in the zone: only the zone's own processes are looked at, never the
// whole host's /proc (which grows with every other zone). Host PIDs.
void hangup_session(const std::vector<pid_t>& zone_pids, pid_t sid) {
    for (pid_t pid : zone_pids)
        if (::getsid(pid) == sid) ::kill(pid, SIGHUP);
}

bool valid_user(std::string_view u) {
    return !u.empty() && u.size() <= 256 && u.find_first_of(std::string_view(":\n\0/", 4)) == std::string_view::npos;
}

}  // namespace

Sessions::Sessions(sd_event* ev, const Paths& paths, const ZoneConfig& cfg, ZonePlatform& zone, Cgroups& cg,
                   Control& ctl)
    : ev_(ev), p_(paths), cfg_(cfg), zone_(zone), cg_(cg), ctl_(ctl) {
    zone_.set_before_stop([this] { end_all(); });
}

Sessions::~Sessions() {
    zone_.set_before_stop(nullptr);
    detach_console();
    // zoneadmd --adopt takes the zone over (SIGHUP): the sessions live on.
    if (zone_.phase() != Phase::Down)
        for (auto& [k, s] : sessions_) s->leader.forget();
}

void Sessions::end_all() {
    for (auto& [k, s] : sessions_) {
        s->sig_src = EventSource();
        s->exit_src = EventSource();
        const pid_t pid = s->leader.pid();
        if (pid > 0) ::kill(-pid, SIGKILL);   // its process group, then the leader itself
        // Bounded, as for init: a task that cannot die (frozen) must not
        // wedge zoneadmd; the caller then learns the zone went down.
        if (s->leader.kill_within(1000) && s->reply) ctl_.reply(s->conn, "ok signal 9");
    }
    sessions_.clear();
}

std::string Sessions::not_running() const {
    if (zone_.phase() == Phase::Running) return {};
    return fmt::format("error InvalidState login allowed only to running zones ({} is '{}').", p_.zone,
                       phase_name(zone_.phase()));
}

std::string Sessions::prepare(ExecRequest& r) const {
    // Init by the pidfd zoneadmd holds (verified on adopt), never by a PID
    // read from a file: a reused PID would send the session elsewhere.
    const Child& init = zone_.init();
    if (!init) return fmt::format("error InvalidState login allowed only to running zones ({} is 'ready').", p_.zone);
    r.init_pidfd = init.pidfd();
    r.init_pid = init.pid();
    r.userns_fd = zone_.userns_fd();
    r.userns = r.userns_fd >= 0;
    r.session_leaf = zone_.init_owns_cgroups();
    if (std::string e = priv::expand(cfg_, r.userns, r.limits); !e.empty())
        return fmt::format("error Internal zone '{}': {}", p_.zone, e);
    std::string err;
    if (!(r.seccomp = confine::seccomp_for(r.limits, err))) return fmt::format("error Internal zone '{}': {}", p_.zone, err);
    return {};
}

std::optional<std::string> Sessions::request(std::uint64_t conn, std::string_view req, std::vector<Fd>& fds) {
    const std::vector<std::string> w = split_nul(req);
    if (w[0] == "run") return run(conn, w, fds);
    if (w[0] == "shell") return shell(conn, w);
    if (w[0] == "console") return console(conn, w);
    return "error Invalid unknown request";
}

Sessions::Session* Sessions::add(std::uint64_t conn, bool reply, Child leader, Fd signals) {
    auto s = std::make_unique<Session>();
    Session* raw = s.get();
    s->owner = this;
    s->conn = conn;
    s->reply = reply;
    s->leader = std::move(leader);
    s->signals = std::move(signals);
    sd_event_add_io(ev_, &s->exit_src.s, s->leader.pidfd(), EPOLLIN, on_exit, raw);
    if (s->signals) sd_event_add_io(ev_, &s->sig_src.s, s->signals.get(), EPOLLIN, on_signals, raw);
    sessions_[raw] = std::move(s);
    return raw;
}

// run FLAGS USER WORD... with fds stdin, stdout, stderr, signals.
std::optional<std::string> Sessions::run(std::uint64_t conn, const std::vector<std::string>& w,
                                         std::vector<Fd>& fds) {
    if (w.size() < 3 || fds.size() != 4) return "error Invalid run needs FLAGS USER [WORD...] and 4 fds";
    if (std::string e = not_running(); !e.empty()) return e;
    ExecRequest r;
    r.safe = w[1].find('S') != std::string::npos;
    r.user = w[2].empty() ? "root" : w[2];
    if (!valid_user(r.user)) return fmt::format("error Invalid invalid user name '{}'", r.user);
    r.command.assign(w.begin() + 3, w.end());
    for (int i = 0; i < 3; ++i) r.stdio[i] = fds[static_cast<std::size_t>(i)].get();
    if (std::string e = prepare(r); !e.empty()) return e;
    ExecResult out;
    if (std::string e = exec_in_zone(r, cg_, out); !e.empty())
        return fmt::format("error Internal zone '{}': {}", p_.zone, e);
    add(conn, true, std::move(out.leader), std::move(fds[3]));
    return std::nullopt;   // answered when it exits
}

// shell FLAGS USER TERM: reply "ok pts/N" with the pty master.
std::optional<std::string> Sessions::shell(std::uint64_t conn, const std::vector<std::string>& w) {
    if (w.size() != 4) return "error Invalid shell needs FLAGS USER TERM";
    if (std::string e = not_running(); !e.empty()) return e;
    ExecRequest r;
    r.shell = true;
    r.safe = w[1].find('S') != std::string::npos;
    r.password = w[1].find('P') != std::string::npos;
    if (r.safe && r.password) return "error Invalid shell: S and P exclude each other";
    r.user = w[2].empty() ? "root" : w[2];
    if (!valid_user(r.user)) return fmt::format("error Invalid invalid user name '{}'", r.user);
    r.term = w[3].size() <= 64 && w[3].find_first_of("/\n") == std::string::npos ? w[3] : "";
    if (std::string e = prepare(r); !e.empty()) return e;
    ExecResult out;
    if (std::string e = exec_in_zone(r, cg_, out); !e.empty())
        return fmt::format("error Internal zone '{}': {}", p_.zone, e);
    ctl_.reply(conn, "ok " + out.tty, out.pty_master.get());
    add(conn, false, std::move(out.leader), Fd());
    return std::nullopt;
}

// console PID: one client at a time (illumos). Reply "ok" with a stream
// socket: what it sends goes to the console, the console's output comes back.
std::optional<std::string> Sessions::console(std::uint64_t conn, const std::vector<std::string>& w) {
    if (w.size() != 2) return "error Invalid console needs PID";
    const Phase ph = zone_.phase();
    if (ph != Phase::Ready && ph != Phase::Running && ph != Phase::ShuttingDown && ph != Phase::Down)
        return fmt::format("error InvalidState zone '{}' has no console while it is '{}'", p_.zone,
                           phase_name(ph));
    if (console_client_) return fmt::format("error Busy Console is already in use by process ID {}.", console_pid_);
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv) < 0)
        return "error Internal " + errno_text("socketpair", errno);
    Fd mine(sv[0]), theirs(sv[1]);
    console_client_ = std::move(mine);
    console_pid_ = static_cast<pid_t>(std::strtol(w[1].c_str(), nullptr, 10));
    sd_event_add_io(ev_, &console_src_.s, console_client_.get(), EPOLLIN, on_console_in, this);
    zone_.console().set_tee([this](std::string_view d) {
        // Never block zoneadmd on a slow client: what does not fit is lost
        // to it (never to the log).
        if (console_client_)
            [[maybe_unused]] ssize_t n = ::send(console_client_.get(), d.data(), d.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    });
    ctl_.reply(conn, "ok", theirs.get());
    logf(6, "console attached (pid {})", console_pid_);
    return std::nullopt;
}

void Sessions::detach_console() {
    if (!console_client_) return;
    zone_.console().set_tee(nullptr);
    console_src_ = EventSource();
    console_client_.reset();
    logf(6, "console detached (pid {})", console_pid_);
    console_pid_ = 0;
}

int Sessions::on_console_in(sd_event_source*, int fd, uint32_t, void* self) {
    auto* s = static_cast<Sessions*>(self);
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            if (int m = s->zone_.console().master(); m >= 0)
                write_all(m, std::string_view(buf, static_cast<std::size_t>(n)));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return 0;
        s->detach_console();   // the client left
        return 0;
    }
}

int Sessions::on_exit(sd_event_source*, int, uint32_t, void* self) {
    auto* s = static_cast<Session*>(self);
    Sessions* o = s->owner;
    int code = 0, status = 0;
    s->sig_src = EventSource();
    s->exit_src = EventSource();
    // Before reaping: the zombie leader keeps its PID (= the session ID) ours.
    if (!s->reply) hangup_session(o->zone_.payload_pids(), s->leader.pid());
    if (!s->leader.wait(code, status)) return 0;
    if (s->reply)
        o->ctl_.reply(s->conn, code == CLD_EXITED ? fmt::format("ok exit {}", status)
                                                  : fmt::format("ok signal {}", status));
    o->sessions_.erase(s);
    return 0;
}

// Each byte is a signal number for the command's process group (zlogin
// forwards ^C and friends this way); EOF: the caller is gone, hang up.
int Sessions::on_signals(sd_event_source*, int fd, uint32_t, void* self) {
    auto* s = static_cast<Session*>(self);
    unsigned char buf[64];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return 0;
    const pid_t pgid = s->leader.pid();
    if (n <= 0) {
        s->sig_src = EventSource();
        s->signals.reset();
        if (pgid > 0) ::kill(-pgid, SIGHUP);
        return 0;
    }
    for (ssize_t i = 0; i < n; ++i)
        if (buf[i] >= 1 && buf[i] < NSIG && pgid > 0) ::kill(-pgid, buf[i]);
    return 0;
}

}  // namespace zones::zoneadmd
