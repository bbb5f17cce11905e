#include "adopt.hpp"

#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "log.hpp"
#include "process.hpp"
#include "pty.hpp"
#include "sys.hpp"
#include "zone_platform.hpp"
#include "zones/idmap.hpp"

namespace zones::zoneadmd {

std::string reopen_console(const PinnedFds& pins, const Cgroups& cg, Fd& master, Fd& slave) {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return errno_text("socketpair", errno);
    Fd mine(sv[0]), theirs(sv[1]);
    Fd cgfd = cg.payload_v2_fd();
    bool into_v2 = false;
    std::string err;
    Child c = spawn(0, cgfd.get(), into_v2, [&]() -> int {
        mine.reset();
        if (::setns(pins.fd[0].get(), CLONE_NEWNS) < 0) {
            send_fds(theirs.get(), errno_text("setns", errno));
            return 1;
        }
        Fd m, s;
        std::string e = open_console(m, s);
        send_fds(theirs.get(), e.empty() ? "ok" : e, {m.get(), s.get()});
        return 0;
    }, err);
    if (!c) return err;
    theirs.reset();
    std::string text;
    std::vector<Fd> fds;
    if (!recv_fds(mine.get(), text, fds)) text = "console helper died";
    if (text == "ok" && fds.size() != 2) text = "console helper sent no console";
    if (text == "ok") {
        master = std::move(fds[0]);
        slave = std::move(fds[1]);
    }
    int code, status;
    c.wait(code, status);
    return text == "ok" ? std::string() : text;
}

namespace {

// PID 1 of a PID namespace one level below ours ("NSpid: HOSTPID 1"): the
// zone's init, not a zone process, nor the init of a namespace nested in
// the zone (three or more numbers).
bool is_zone_init(pid_t pid) {
    std::string st;
    if (!read_file(fmt::format("/proc/{}/status", pid), st)) return false;
    const auto at = st.find("\nNSpid:");
    if (at == std::string::npos) return false;
    std::string line = st.substr(at + 7, st.find('\n', at + 1) - at - 7);
    for (char& c : line)
        if (c == '\t') c = ' ';
    std::vector<std::string> f;
    for (std::size_t i = 0; i < line.size();) {
        const std::size_t b = line.find_first_not_of(' ', i);
        if (b == std::string::npos) break;
        const std::size_t e = line.find(' ', b);
        f.push_back(line.substr(b, e == std::string::npos ? std::string::npos : e - b));
        i = e == std::string::npos ? line.size() : e;
    }
    return f.size() == 2 && f[1] == "1" && f[0] == std::to_string(pid);
}

// A pidfd for PID if it is the zone's init: in our payload cgroup, PID 1
// of the zone's PID namespace, started at `start` when that was recorded.
// The checks read /proc by PID, so they count only if the pidfd's process
// is still alive afterwards (a dead one's PID may be another's by then).
Child verified_init(const Cgroups& cg, pid_t pid, std::uint64_t start) {
    if (pid <= 0 || !cg.payload_pid(pid)) return {};
    Child c = open_pid(pid);
    if (!c) return {};
    if (!is_zone_init(pid) || (start != 0 && start_time(pid) != start) || !c.signal(0)) {
        c.forget();   // not ours to kill
        return {};
    }
    return c;
}

// The zone's init among the payload's processes, when init.pid was never
// written (zoneadmd died between starting init and recording it) or no
// longer names it.
Child find_init(const Cgroups& cg) {
    for (pid_t pid : cg.payload_pids())
        if (Child c = verified_init(cg, pid, 0)) return c;
    return {};
}

}  // namespace

std::string ZonePlatform::adopt() {
    if (!pins_present(p_.ns_dir)) {
        // Nothing built, or zoneadmd died while pinning: clear what is there.
        unpin_namespaces(p_.ns_dir);
        cg_.kill_payload();
        return {};
    }
    if (std::string e = open_pins(p_.ns_dir, pins_); !e.empty()) return fmt::format("zone '{}': adopt: {}", p_.zone, e);
    phase_ = Phase::Ready;
    if (::access((p_.zone_run + "/platform").c_str(), F_OK) != 0) {
        // zoneadmd died while building or tearing the platform down:
        // finish the teardown (or stay down if something holds the zone).
        logf(6, "adopt: the platform is incomplete; tearing it down");
        (void)halt();
        return {};
    }
    if (pins_.user) {
        try {
            id_base_ = idmap::lookup(std::filesystem::path(p_.store_root) / "etc/zones", p_.zone).value_or(0);
        } catch (const ZoneError& e) {
            logf(4, "adopt: {}", e.what());
        }
    }
    Fd master, slave;
    if (std::string e = reopen_console(pins_, cg_, master, slave); !e.empty())
        logf(4, "adopt: console: {}", e);
    else {
        if (id_base_ && ::fchown(slave.get(), id_base_, id_base_ + 5) < 0) logf(4, "adopt: console owner: {}", std::strerror(errno));
        attach_console(std::move(master), std::move(slave));
    }
    std::string t, s;
    const pid_t recorded = read_file(p_.zone_run + "/init.pid", t) ? static_cast<pid_t>(std::atoi(t.c_str())) : -1;
    const std::uint64_t start = read_file(p_.zone_run + "/init.start", s) ? std::strtoull(s.c_str(), nullptr, 10) : 0;
    Child c = verified_init(cg_, recorded, start);
    if (!c) {
        if (recorded > 0) logf(4, "adopt: process {} is no longer the zone's init", recorded);
        c = find_init(cg_);
    }
    if (c) {
        const pid_t pid = c.pid();
        init_ = std::move(c);
        hold_app_namespaces(pid);
        spec_.init = init_path();
        record_init();
        sd_event_add_io(ev_, &init_src_.s, init_.pidfd(), EPOLLIN, on_pidfd, this);
        phase_ = Phase::Running;
    } else {
        cg_.kill_payload();   // stray processes without an init: a ready zone has none
    }
    logf(6, "adopted the zone ({})", phase_ == Phase::Running ? "running" : "ready");
    return {};
}

}  // namespace zones::zoneadmd
