// The spare zoneadmd (runtime.hpp, daemon/zoneadmd/spare.hpp): started by
// the watcher thread a moment after a ready or boot went out (and once at
// start), taken by the next ready, so that a zone's start does not wait
// for a zoneadmd's exec, dynamic loader and plugins. One at a time: zones
// started together beyond it spawn their own, as before.
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include <fmt/format.h>

#include "log.hpp"
#include "runtime.hpp"
#include "sys/test_hooks.hpp"
#include "zones/timeline.hpp"

namespace zones::daemon {

namespace {

int open_pidfd(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

}  // namespace

std::vector<std::string> Runtime::zoneadmd_env() {
    // An environment of its own: nothing of zonesd's (systemctl
    // set-environment reaches zonesd), but JOURNAL_STREAM, which tells
    // zoneadmd its stderr is the journal, and a test build's seams.
    std::vector<std::string> env = clean_environment();
    if (const char* js = std::getenv("JOURNAL_STREAM"))
        env.push_back(std::string("JOURNAL_STREAM=") + js);
    for (std::string& hook : sys::test_hook_environment())
        env.push_back(std::move(hook));
    return env;
}

void Runtime::want_spare(std::chrono::milliseconds after) {
    if (!options_.spare || stopping_)
        return;
    {
        std::lock_guard lock(spare_mu_);
        if (spare_)
            return;
    }
    std::int64_t due = static_cast<std::int64_t>(timing::now_ns()) + std::chrono::nanoseconds(after).count();
    // An earlier wish stands.
    for (std::int64_t cur = spare_due_; (cur == 0 || due < cur) && !spare_due_.compare_exchange_weak(cur, due);) {
    }
    wake_watcher();
}

void Runtime::refill_spare() {
    if (!options_.spare || stopping_)
        return;
    {
        std::lock_guard lock(spare_mu_);
        if (spare_)
            return;
    }
    try {
        int sp[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) != 0)
            fsutil::throw_errno("socketpair", errno);
        Spare s;
        s.sock.reset(sp[0]);
        sys::Fd theirs(sp[1]);
        struct stat st {};
        if (::stat(options_.zoneadmd.c_str(), &st) != 0)
            fsutil::throw_errno(options_.zoneadmd.string(), errno);
        s.dev = st.st_dev;
        s.ino = st.st_ino;
        std::vector<std::string> argv = {options_.zoneadmd.string(), "--spare"};
        if (options_.store_root != "/") {
            argv.emplace_back("--root");
            argv.push_back(options_.store_root.string());
        }
        // Room for "-z NAME --prepare" in place of "--spare" (a zone's name
        // has at most 64 characters): ps shows them as trailing blanks.
        argv.resize(argv.size() + 80);
        // Its wake-up: an eventfd, not the socket. A write to a unix socket
        // wakes its reader synchronously, onto the writer's CPU, where the
        // spare's start then preempted zonesd for a millisecond or two in
        // the middle of the ready; an eventfd's wakes it on an idle CPU.
        s.wake.reset(::eventfd(0, EFD_CLOEXEC));
        if (!s.wake)
            fsutil::throw_errno("eventfd", errno);
        SpawnFds fds;
        fds.stderr_fd = STDERR_FILENO;
        fds.extra = {theirs.get(), s.wake.get()};
        s.child = spawn(argv, fds, zoneadmd_env());
        s.pidfd.reset(open_pidfd(s.child.pid()));
        std::lock_guard lock(spare_mu_);
        if (!spare_ && !stopping_)
            spare_ = std::move(s);   // else: killed and reaped on the way out
    } catch (const std::exception& e) {
        log_warning("", fmt::format("cannot start a spare zoneadmd: {}", e.what()));
    }
}

bool Runtime::Spare::exited() const {
    pollfd p{pidfd.get(), POLLIN, 0};
    return !pidfd || ::poll(&p, 1, 0) != 0;
}

void Runtime::drop_dead_spare() {
    std::optional<Spare> dead;
    {
        std::lock_guard lock(spare_mu_);
        // The one we polled may have been taken meanwhile, and this one is
        // alive: look again.
        if (!spare_ || !spare_->exited())
            return;
        dead = std::move(spare_);
        spare_.reset();
    }
    // ~Child reaps it. No new one now: one that cannot start would be
    // started again and again; the next ready asks for one.
    if (!stopping_)
        log_warning("", fmt::format("the spare zoneadmd (pid {}) exited", dead->child.pid()));
}

std::optional<std::pair<Child, sys::Fd>> Runtime::take_spare(const std::string& name, bool prepare) {
    std::optional<Spare> s;
    {
        std::lock_guard lock(spare_mu_);
        s = std::move(spare_);
        spare_.reset();
    }
    if (!s)
        return std::nullopt;
    // Dead (its plugins failed to load, or it was killed), or started from
    // a binary since replaced: reaped or killed on the way out, and the
    // zone gets a zoneadmd of its own.
    if (s->exited())
        return std::nullopt;
    struct stat st {};
    if (::stat(options_.zoneadmd.c_str(), &st) != 0 || st.st_dev != s->dev || st.st_ino != s->ino)
        return std::nullopt;
    const std::string order = fmt::format("zone {}{}\n", name, prepare ? " --prepare" : "");
    const std::uint64_t one = 1;
    if (::send(s->sock.get(), order.data(), order.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(order.size()) ||
        ::write(s->wake.get(), &one, sizeof one) != static_cast<ssize_t>(sizeof one))
        return std::nullopt;
    return std::pair<Child, sys::Fd>(std::move(s->child), std::move(s->sock));
}

}  // namespace zones::daemon
