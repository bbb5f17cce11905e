#include "adopt.hpp"

#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "sys.hpp"
#include "log.hpp"
#include "process.hpp"
#include "pty.hpp"
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

// The zone's init among the payload's processes: PID 1 of its own PID
// namespace ("NSpid: HOSTPID 1"). Used when init.pid was never written
// (zoneadmd died between starting init and recording it).
pid_t find_init(const Cgroups& cg) {
    for (pid_t pid : cg.payload_pids()) {
        std::string st;
        if (!read_file(fmt::format("/proc/{}/status", pid), st)) continue;
        const auto at = st.find("\nNSpid:");
        if (at == std::string::npos) continue;
        const std::string line = st.substr(at + 7, st.find('\n', at + 1) - at - 7);
        const auto last = line.find_last_of(" \t");
        if (last != std::string::npos && line.find_first_not_of(" \t") < last && line.substr(last + 1) == "1")
            return pid;
    }
    return -1;
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
    if (std::string e = compile_seccomp(); !e.empty()) logf(4, "adopt: {}", e);   // zlogin reports it too
    std::string t;
    pid_t pid = read_file(p_.zone_run + "/init.pid", t) ? static_cast<pid_t>(std::atoi(t.c_str())) : -1;
    if (!(pid > 0 && cg_.payload_pid(pid))) pid = find_init(cg_);
    Child c = pid > 0 ? open_pid(pid) : Child();
    if (c) {
        init_ = std::move(c);
        hold_app_namespaces(pid);
        spec_.init = init_path();
        replace_file(p_.zone_run + "/init.pid", std::to_string(pid) + "\n");
        sd_event_add_io(ev_, &init_src_.s, init_.pidfd(), EPOLLIN, on_pidfd, this);
        phase_ = Phase::Running;
    } else {
        cg_.kill_payload();   // stray processes without an init: a ready zone has none
    }
    logf(6, "adopted the zone ({})", phase_ == Phase::Running ? "running" : "ready");
    return {};
}

}  // namespace zones::zoneadmd
