#include "runtime.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <exception>
#include <vector>

#include <fmt/format.h>

#include "log.hpp"
#include "scope.hpp"
#include "sys/file_io.hpp"
#include "sys/test_hooks.hpp"
#include "zoneadmd-client.hpp"
#include "zones/boot_order.hpp"
#include "zones/spawn.hpp"
#include "zones/zone_id.hpp"

namespace zones::daemon {

namespace fs = std::filesystem;

namespace {

constexpr int kQueryMs = 5000;           // state
constexpr int kVerbMs = 120 * 1000;      // ready, boot, halt, reboot
constexpr int kShutdownSeconds = 90;     // what zoneadmd waits for init
constexpr int kStartMs = 60 * 1000;      // zoneadmd's "ready" after "go"

ZoneError in_zone(ErrorKind kind, const std::string& zone, std::string_view message) {
    return ZoneError(kind, fmt::format("zone '{}': {}", zone, message));
}

std::optional<int> parse_int(std::string_view s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.remove_suffix(1);
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size())
        return std::nullopt;
    return v;
}

// zoneadmd went away in the middle of a request (killed): no reply at all,
// as opposed to a reply that says the request failed.
struct ZoneadmdLost : ZoneError {
    using ZoneError::ZoneError;
};

std::string join_lines(const std::string& a, const std::string& b) {
    return a.empty() ? b : b.empty() ? a : a + "\n" + b;
}

int pidfd_open(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

// Reads zoneadmd's end of the start socketpair into `out`, up to a newline
// or (to_eof) until zoneadmd closes it; false on a timeout.
bool read_start(int fd, int timeout_ms, bool to_eof, std::string& out) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (to_eof || out.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0)
            return false;
        pollfd p{fd, POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(left));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        char buf[4096];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return true;
        out.append(buf, static_cast<std::size_t>(n));
    }
    return true;
}

// The first line on the start socket ("" on a timeout, what came on EOF);
// what came after it in *rest.
std::string read_start_line(int fd, int timeout_ms, std::string* rest = nullptr) {
    std::string buf;
    if (!read_start(fd, timeout_ms, false, buf))
        return "";
    const std::size_t nl = buf.find('\n');
    if (nl == std::string::npos)
        return buf;
    if (rest)
        *rest = buf.substr(nl + 1);
    return buf.substr(0, nl);
}

}  // namespace

Runtime::Runtime(Manager& manager, RuntimeOptions options)
    : manager_(manager), options_(std::move(options)) {
    wake_fd_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!wake_fd_)
        fsutil::throw_errno("eventfd", errno);
    inotify_.reset(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
    if (!inotify_)
        fsutil::throw_errno("inotify", errno);
    watcher_ = std::thread([this] { watch_loop(); });
}

Runtime::~Runtime() { stop(); }

void Runtime::stop() {
    if (stopping_.exchange(true))
        return;
    wake_watcher();
    if (watcher_.joinable())
        watcher_.join();
    // zoneadmds live on without us (their zones keep running); children we
    // started are left to init, which reaps them once we are gone.
    {
        std::lock_guard lock(spare_mu_);
        spare_.reset();   // killed and reaped: it serves no zone
    }
    std::lock_guard lock(mu_);
    supervisors_.clear();
}

fs::path Runtime::run_dir(const std::string& name) const {
    return options_.store_root / "run" / "zones" / name;
}

fs::path Runtime::socket_path(const std::string& name) const {
    return run_dir(name) / "zoneadmd.sock";
}

std::optional<Runtime::Status> Runtime::parse_status(const std::string& t) {
    const auto sp = t.find(' ');
    Status s;
    auto state = parse_state(t.substr(0, sp));
    if (!state)
        return std::nullopt;
    s.state = *state;
    if (sp != std::string::npos) {
        const auto sp2 = t.find(' ', sp + 1);
        s.id = parse_int(t.substr(sp + 1, sp2 == std::string::npos ? sp2 : sp2 - sp - 1))
                   .value_or(-1);
    }
    return s;
}

std::optional<Runtime::Status> Runtime::query(const std::string& name) const {
    std::optional<ZoneadmdReply> reply;
    try {
        reply = zoneadmd_call(socket_path(name), "state", kQueryMs);
    } catch (const ZoneError& e) {
        log_warning(name, e.what());
        return std::nullopt;
    }
    if (!reply || !reply->ok)
        return std::nullopt;
    return parse_status(reply->text);
}

std::string Runtime::request(const std::string& name, const std::string& line, int timeout_ms,
                             timing::Timeline* tl, std::string_view what, std::string* state) const {
    return answer(name, zoneadmd_call(socket_path(name), line, timeout_ms), tl, what, state);
}

std::string Runtime::answer(const std::string& name, std::optional<ZoneadmdReply> reply, timing::Timeline* tl,
                            std::string_view what, std::string* state, std::string_view rest) const {
    if (state && reply)
        *state = reply->state;
    if (tl && reply) {
        tl->wait(std::string(what), std::string(rest));
        tl->splice(reply->spans);
    }
    if (!reply)
        throw ZoneadmdLost(ErrorKind::Internal, fmt::format("zone '{}': zoneadmd is not available", name));
    // MESSAGE is the line after "zone 'NAME': "; take the prefix off if a
    // zoneadmd sends it anyway, so it is not printed twice.
    std::string text = reply->text;
    const std::string prefix = fmt::format("zone '{}': ", name);
    if (text.rfind(prefix, 0) == 0)
        text.erase(0, prefix.size());
    if (!reply->ok)
        throw in_zone(ErrorKind::Internal, name, text);
    return text;
}

void Runtime::publish(const std::string& name, std::string_view known) {
    std::optional<Status> s = known.empty() ? std::nullopt : parse_status(std::string(known));
    if (!s)
        s = query(name);
    if (s && s->state >= ZoneState::Ready)
        manager_.set_live(name, Manager::Live{s->state, s->id});
    else
        manager_.set_live(name, std::nullopt);
}

void Runtime::start_zoneadmd(const std::string& name, bool adopt, bool prepare,
                             timing::Timeline* tl, const std::string& first,
                             FirstReply* first_reply) {
    auto mark = [tl](const char* what) {
        if (tl) tl->mark(what);
    };
    fsutil::ensure_dir(options_.store_root / "run" / "zones", 0700);
    fsutil::ensure_dir(run_dir(name), 0700);

    watch_ids(name);
    Child child;
    sys::Fd ours;
    if (auto spare = adopt ? std::nullopt : take_spare(name, prepare)) {
        child = std::move(spare->first);
        ours = std::move(spare->second);
        mark("zonesd: spare zoneadmd taken");
    } else {
        int sp[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) != 0)
            fsutil::throw_errno("socketpair", errno);
        ours.reset(sp[0]);
        sys::Fd theirs(sp[1]);
        std::vector<std::string> argv = {options_.zoneadmd.string(), "-z", name};
        if (options_.store_root != "/") {
            argv.emplace_back("--root");
            argv.push_back(options_.store_root.string());
        }
        if (adopt)
            argv.emplace_back("--adopt");
        else if (prepare)
            argv.emplace_back("--prepare");
        SpawnFds fds;
        fds.stderr_fd = STDERR_FILENO;     // zonesd's journal stream
        fds.extra = {theirs.get()};
        child = spawn(argv, fds, zoneadmd_env());
        mark("zonesd: zoneadmd spawned");
    }
    const pid_t pid = child.pid();
    sys::Fd pidfd(pidfd_open(pid));

    if (options_.use_systemd) {
        // On failure `child` is killed and reaped on the way out. An
        // adopting zoneadmd joins the zone's scope while it lives (a running
        // zone keeps it); a ready zone's scope went with its zoneadmd, and
        // an emptied scope may still be on its way out: then a new one.
        bool attached = false;
        if (adopt && zone_scope_active(name)) {
            try {
                attach_to_zone_scope(name, pid);
                attached = true;
            } catch (const ZoneError&) {
            }
        }
        if (!attached) {
            // A scope still being stopped keeps its name: wait it out.
            for (int i = 0; adopt && i < 300 && !zone_scope_gone(name); ++i)
                ::usleep(10 * 1000);
            start_zone_scope(name, pid, options_.controller);
            mark("systemd: zone scope started, zoneadmd moved into it");
        }
    }
    // The first request with "go" (a line of its own only): zoneadmd runs
    // it right after its start-up and answers on this socket, which spares
    // a connection and a round trip.
    const bool piggyback = first_reply && !first.empty() && first.find('\n') == std::string::npos;
    sys::write_all(ours.get(), piggyback ? "go " + first + "\n" : std::string("go\n"));
    std::string rest;
    const std::string line = read_start_line(ours.get(), kStartMs, &rest);
    // With the request along, one wait from "go" to its reply: zoneadmd
    // runs it straight after "ready", before we read that word.
    if (tl && !piggyback) tl->wait("zoneadmd: start after go", "zonesd <-> zoneadmd: go, ready, wake-ups");
    if (line != "ready") {
        std::string why = line.rfind("error ", 0) == 0 ? line.substr(6) : std::string();
        if (const std::string prefix = fmt::format("zone '{}': ", name); why.rfind(prefix, 0) == 0)
            why.erase(0, prefix.size());
        if (why.empty()) {
            ::kill(pid, SIGKILL);
            why = fmt::format("zoneadmd did not start: {}",
                              line.empty() ? describe_wait_status(child.wait()) : line);
        } else {
            child.wait();
        }
        throw in_zone(ErrorKind::Internal, name, why);
    }
    {
        std::lock_guard lock(mu_);
        Supervisor& s = supervisors_[name];
        s.pid = child.release();
        s.pidfd = std::move(pidfd);
        s.our_child = true;
    }
    wake_watcher();
    log_info(name, fmt::format("zoneadmd started (pid {}{})", pid, adopt ? ", adopting" : ""));
    if (!piggyback)
        return;
    // Its reply, then EOF; EOF alone: it did not take the request (ask it
    // on its socket) or died (the caller finds out there).
    first_reply->timed_out = !read_start(ours.get(), kVerbMs, true, rest);
    first_reply->taken = first_reply->timed_out || !rest.empty();
    first_reply->text = std::move(rest);
    if (tl && !first_reply->taken) tl->wait("zoneadmd: start after go", "zonesd <-> zoneadmd: go, ready, wake-ups");
}

void Runtime::ensure_zoneadmd(const std::string& name, std::optional<bool> scope,
                              timing::Timeline* tl, const std::string& first,
                              FirstReply* first_reply) {
    if (query(name))
        return;
    if (!scope)
        scope = options_.use_systemd && zone_scope_active(name);
    // A platform with no zoneadmd (it died): a new one takes it over, or
    // tears a half-built one down and exits; then start afresh below.
    if (*scope || remnants(name)) {
        try {
            start_zoneadmd(name, true);
        } catch (const ZoneError&) {
            // The scope went away while we looked: start afresh below.
            if (zone_scope_active(name))
                throw;
        }
        if (auto s = query(name)) {
            if (s->state != ZoneState::Installed)
                return;
            // Nothing to adopt: let it go, and start afresh.
            (void)zoneadmd_call(socket_path(name), "halt", kQueryMs);
        }
        wait_gone(name);
    }
    fsutil::ensure_dir(options_.store_root / "run" / "zones", 0700);
    fsutil::ensure_dir(run_dir(name), 0700);
    allocate_id(name);
    if (tl) tl->mark("zonesd: zone ID");
    try {
        start_zoneadmd(name, false, true, tl, first, first_reply);
    } catch (...) {
        // A zoneadmd that died before "go" (killed, or failed to start)
        // may leave part of the platform it prepared: a zoneadmd --adopt
        // tears that down.
        if (remnants(name)) {
            try {
                revive(name);
            } catch (const std::exception& e) {
                log_error(name, e.what());
            }
        }
        release_id(name);
        throw;
    }
}

bool Runtime::remnants(const std::string& name) const {
    std::error_code ec;
    // ns/platform: a platform (or half of one); net: host-side links and
    // filters the net plugin made before zoneadmd died.
    return fs::exists(run_dir(name) / "ns", ec) || fs::exists(run_dir(name) / "platform", ec) ||
           fs::exists(run_dir(name) / "net", ec);
}

void Runtime::forget(const std::string& name) {
    release_id(name);
    manager_.set_live(name, std::nullopt);
}

void Runtime::on_lane(const std::string& name, std::function<void()> job) {
    auto guarded = [this, name, job = std::move(job)] {
        try {
            job();
        } catch (const std::exception& e) {
            log_error(name, e.what());
        }
    };
    if (schedule_)
        schedule_(name, std::move(guarded));
    else
        guarded();
}

void Runtime::revive(const std::string& name) {
    if (query(name)) {
        publish(name);
        return;
    }
    // A zoneadmd that finished its zone leaves no remnants, and systemd
    // collects its emptied scope a moment later: give it that moment.
    bool scope = options_.use_systemd && zone_scope_active(name);
    for (int i = 0; scope && i < 100 && !remnants(name); ++i) {
        ::usleep(20 * 1000);
        scope = zone_scope_active(name);
    }
    if (scope || remnants(name)) {
        try {
            start_zoneadmd(name, true);
            log_warning(name, "zoneadmd was gone; restarted it to recover the zone");
        } catch (const ZoneError& e) {
            log_error(name, e.what());
        }
        if (auto s = query(name); s && s->state == ZoneState::Installed) {
            (void)zoneadmd_call(socket_path(name), "halt", kQueryMs);   // nothing to keep
            wait_gone(name);
            forget(name);
            return;
        }
    }
    if (query(name)) {
        publish(name);
        return;
    }
    wait_gone(name);
    forget(name);
}

void Runtime::release_id(const std::string& name) {
    std::string err;
    if (!zone_id::release((options_.store_root / "run" / "zones").string(), name, err))
        log_error(name, fmt::format("cannot release the zone ID: {}", err));
}

int Runtime::allocate_id(const std::string& name) {
    std::string err;
    const int id = zone_id::allocate((options_.store_root / "run" / "zones").string(), name, err);
    if (id == 0)
        throw in_zone(err == "no free zone ID" ? ErrorKind::Busy : ErrorKind::Internal, name,
                      err == "no free zone ID" ? "no zone ID is free" : err);
    return id;
}

namespace {

// The state rules zoneadm checks before it asks zoneadmd (§1.3).
void require_installed(const ZoneInfo& z, std::string_view verb) {
    if (z.state < ZoneState::Installed)
        throw in_zone(ErrorKind::InvalidState, z.name,
                      fmt::format("must be installed before {}.", verb));
}

}  // namespace

std::string Runtime::ready(const std::string& name, timing::Timeline* tl) {
    timing::Timeline none;
    return bring_up(name, "ready", ZoneState::Ready, "zone is already ready", "ready", tl ? *tl : none);
}

std::string Runtime::boot(const std::string& name, const std::string& args, timing::Timeline* tl) {
    timing::Timeline none;
    return bring_up(name, "boot", ZoneState::Running, "zone is already booted",
                    args.empty() ? "boot" : "boot " + args, tl ? *tl : none);
}

namespace {

// Calls `fn` when the scope ends (a ready or boot that returns or throws).
template <class Fn>
struct AtExit {
    Fn fn;
    ~AtExit() { fn(); }
};
template <class Fn>
AtExit(Fn) -> AtExit<Fn>;

}  // namespace

// ready and boot: the same rules and the same zoneadmd, one request apart.
std::string Runtime::bring_up(const std::string& name, std::string_view verb, ZoneState done,
                              std::string_view already, const std::string& req,
                              timing::Timeline& tl) {
    if (!tl.begun())
        tl.begin();
    // The next spare a moment after this one's reply went, off its way.
    const AtExit refill{[this] { want_spare(std::chrono::milliseconds(20)); }};
    ZoneInfo z = manager_.current(name);
    manager_.refuse_busy(name);   // the source of a clone stays halted
    require_installed(z, verb);
    // zonesd's record says a zoneadmd serves the zone: the request goes to
    // it straight away, and it answers by its own state (already ready or
    // booted, down); asking "state" first cost a round trip. If nobody
    // listens (it died unseen), nothing was asked and zonesd begins again
    // from the zone's state. One that took the request and went away
    // without an answer is reported as before: it may have died of it.
    bool direct = z.state >= ZoneState::Ready && z.state <= ZoneState::Down;
    for (;;) {
        std::string notice;
        FirstReply first;
        if (direct) {
            if (done == ZoneState::Running && z.state != done)
                require_dependencies(name);
            tl.mark("zonesd: zone state (zonesd's record)");
        } else {
            auto live = query(name);
            if (live && live->state == done)
                return std::string(already);
            if (!live && z.state == ZoneState::Installed)
                manager_.verify_zone(name, install::Purpose::Boot);   // illumos verifies before it readies or boots
            if (done == ZoneState::Running)
                require_dependencies(name);
            const bool scope = !live && options_.use_systemd && zone_scope_active(name);
            notice = recover_notice(z, live, scope);
            tl.mark("zonesd: zone state, verify");
            // A zoneadmd that just answered is not asked again; should it
            // die meanwhile, the request below finds out (ZoneadmdLost).
            if (!live)
                ensure_zoneadmd(name, scope, &tl, req, &first);
        }
        std::string text, state;
        try {
            if (first.taken) {   // the request went with "go"
                text = answer(name, reply_to(req, first.timed_out ? std::nullopt : std::optional(first.text), kVerbMs),
                              &tl, fmt::format("zoneadmd: {}", verb), &state, "zonesd <-> zoneadmd: go, ready, wake-ups");
            } else {
                bool sent = false;
                auto reply = zoneadmd_call(socket_path(name), req, kVerbMs, &sent);
                if (direct && !sent) {
                    direct = false;
                    z = manager_.current(name);
                    continue;
                }
                text = answer(name, std::move(reply), &tl, fmt::format("zoneadmd: {}", verb), &state);
            }
        } catch (const ZoneadmdLost&) {
            // Recovery adopts what the dead zoneadmd built (or clears it): say
            // what the zone is now, and succeed if it got where it was asked to.
            after_failure(name);
            const auto s = query(name);
            const std::string_view now = state_name(s ? s->state : ZoneState::Installed);
            const std::string line = fmt::format("zoneadmd died during {}; the zone is {}", verb, now);
            if (!s || s->state != done)
                throw in_zone(ErrorKind::Internal, name, line);
            log_warning(name, line);
            return join_lines(notice, line);
        } catch (...) {
            after_failure(name);
            throw;
        }
        publish(name, state);
        tl.mark("zonesd: state published");
        return join_lines(notice, text);
    }
}

// A zone boots only while every zone it boots after (attr boot-after) runs.
void Runtime::require_dependencies(const std::string& name) const {
    for (const std::string& d : boot_order::entry_of(manager_.store().load(name)).after) {
        const std::optional<ZoneInfo> dep = manager_.find(d);
        if (!dep)
            throw in_zone(ErrorKind::InvalidState, name,
                          fmt::format("cannot boot: it boots after zone '{}' (boot-after), "
                                      "which is not configured", d));
        if (dep->state != ZoneState::Running)
            throw in_zone(ErrorKind::InvalidState, name,
                          fmt::format("cannot boot: it boots after zone '{}' (boot-after), "
                                      "which is {}", d, state_name(dep->state)));
    }
}

std::string Runtime::halt(const std::string& name, timing::Timeline* tl) {
    if (tl && !tl->begun())
        tl->begin();
    ZoneInfo z = manager_.current(name);
    require_installed(z, "halt");
    // zonesd's record says a zoneadmd serves the zone: the halt goes to it
    // straight away, as a boot from ready does; asking "state" first cost
    // one more wake-up of an idle zoneadmd (about 1 ms cold). If nobody
    // listens (it died unseen), the way below finds out what is left.
    std::optional<ZoneadmdReply> direct;
    bool sent = false;
    std::exception_ptr failed;   // it took the request and did not answer in time
    if (z.state >= ZoneState::Ready && z.state <= ZoneState::Down) {
        // shutting_down while zoneadmd kills and tears down; `down` if it
        // cannot finish (zoneadmd stays and says so), installed when done.
        manager_.set_live(name, Manager::Live{ZoneState::ShuttingDown, z.id});
        if (tl)
            tl->mark("zonesd: zone state (zonesd's record)");
        try {
            direct = zoneadmd_call(socket_path(name), "halt", kVerbMs, &sent);
        } catch (const ZoneError&) {
            sent = true;
            failed = std::current_exception();
        }
    }
    if (!sent) {
        auto live = query(name);
        if (!live) {
            if (!(options_.use_systemd && zone_scope_active(name)) && !remnants(name)) {
                forget(name);
                return "zone is already halted";
            }
            revive(name);      // adopt the orphaned platform (or finish tearing it down)
            live = query(name);
            if (!live)
                return "";
        }
        if (live->state >= ZoneState::Ready)
            manager_.set_live(name, Manager::Live{ZoneState::ShuttingDown, live->id});
        if (tl)
            tl->mark("zonesd: zone state");
    }
    std::string text;
    try {
        try {
            // Sent and unanswered: the recovery below, as for a request
            // that failed.
            if (failed)
                std::rethrow_exception(failed);
            text = sent ? answer(name, std::move(direct), tl, "zoneadmd: halt", nullptr)
                        : request(name, "halt", kVerbMs, tl, "zoneadmd: halt");
        } catch (const ZoneError&) {
            if (query(name))
                throw;
            // zoneadmd died during the halt: a new one finishes the job.
            log_warning(name, "zoneadmd went away during halt; recovering");
            revive(name);
            if (query(name))
                text = request(name, "halt", kVerbMs);
        }
    } catch (const ZoneError& e) {
        publish(name);
        if (std::string_view(e.what()).find("unable to halt") != std::string_view::npos)
            throw ZoneError(ErrorKind::Busy, e.what());
        throw;
    }
    wait_gone(name, tl);
    release_id(name);
    manager_.set_live(name, std::nullopt);
    if (tl)
        tl->mark("zonesd: state published");
    return text;
}

std::string Runtime::shutdown(const std::string& name, bool reboot, const std::string& args,
                              std::optional<unsigned> timeout) {
    ZoneInfo z = manager_.current(name);
    require_installed(z, "shutdown");
    if (timeout && (*timeout < 1 || *timeout > 3600))
        throw in_zone(ErrorKind::Invalid, name, "shutdown timeout must be 1 to 3600 seconds");
    const int seconds = timeout ? static_cast<int>(*timeout) : kShutdownSeconds;
    auto live = query(name);
    if (!live || live->state < ZoneState::Ready)
        throw in_zone(ErrorKind::InvalidState, name, "not running");
    if (live->state == ZoneState::Ready)
        throw in_zone(ErrorKind::InvalidState, name,
                      "shutdown operation is invalid for zones in state 'ready'");
    // shutting_down while init runs its shutdown scripts, as halt shows it.
    manager_.set_live(name, Manager::Live{ZoneState::ShuttingDown, live->id});
    const auto began = std::chrono::steady_clock::now();
    try {
        request(name, fmt::format("shutdown {}", seconds), (seconds + 60) * 1000);
    } catch (const ZoneError& e) {
        publish(name);      // e.g. down: something holds the zone
        if (std::string_view(e.what()).find("unable to halt") != std::string_view::npos)
            throw ZoneError(ErrorKind::Busy, e.what());
        throw;
    }
    wait_gone(name);
    release_id(name);
    manager_.set_live(name, std::nullopt);
    // zoneadmd halts the zone itself when init has not ended in time.
    std::string notice;
    if (std::chrono::steady_clock::now() - began >= std::chrono::seconds(seconds)) {
        notice = fmt::format("init did not finish within {} seconds: the zone was halted",
                             seconds);
        log_warning(name, notice);
    }
    if (!reboot)
        return notice;
    return join_lines(notice, boot(name, args));
}

std::string Runtime::reboot(const std::string& name, const std::string& args) {
    ZoneInfo z = manager_.current(name);
    require_installed(z, "reboot");
    auto live = query(name);
    if (!live || live->state < ZoneState::Ready)
        throw in_zone(ErrorKind::InvalidState, name, "not running");
    if (live->state != ZoneState::Running)
        throw in_zone(ErrorKind::InvalidState, name,
                      fmt::format("reboot operation is invalid for zones in state '{}'",
                                  state_name(live->state)));
    // A new ID for the new boot, written before zoneadmd is asked.
    const int id = allocate_id(name);
    std::string text;
    try {
        text = request(name, args.empty() ? fmt::format("reboot {}", id)
                                          : fmt::format("reboot {} {}", id, args),
                       kVerbMs);
    } catch (...) {
        // Refused before it stopped the zone (down: something holds it):
        // the zone keeps the ID it runs with.
        if (auto s = query(name); s && s->id != id && s->id >= zone_id::kMin)
            (void)sys::replace_file(run_dir(name) / "zoneid", fmt::format("{}\n", s->id));
        publish(name);
        throw;
    }
    publish(name);
    return text;
}

// zoneadm apply: zoneadmd re-reads the stored configuration and its
// plugins change the live zone to match, all or nothing.
std::string Runtime::apply(const std::string& name) {
    ZoneInfo z = manager_.current(name);
    require_installed(z, "apply");
    auto live = query(name);
    if (!live || (live->state != ZoneState::Ready && live->state != ZoneState::Running))
        throw in_zone(ErrorKind::InvalidState, name,
                      fmt::format("apply operation is invalid for zones in state '{}'",
                                  state_name(live ? live->state : z.state)));
    return request(name, "apply", kVerbMs);
}

std::string Runtime::recover_notice(const ZoneInfo& z, const std::optional<Status>& live,
                                    bool scope) {
    if (live || !scope)
        return "";
    return fmt::format("WARNING: zone is in state '{}', but zoneadmd does not appear to be "
                       "available; restarted zoneadmd to recover.",
                       state_name(z.state >= ZoneState::Ready ? z.state : ZoneState::Ready));
}

void Runtime::after_failure(const std::string& name) {
    try {
        if (auto s = query(name); s && s->state >= ZoneState::Ready) {
            publish(name);
            return;
        }
        if (!query(name)) {
            // zoneadmd died: a new one adopts what was built or clears it.
            revive(name);
            return;
        }
        // A zoneadmd left with no platform has nothing to keep: stop it
        // (halt makes it exit) and give the zone ID back.
        if (query(name))
            (void)zoneadmd_call(socket_path(name), "halt", kQueryMs);
        wait_gone(name);
        release_id(name);
        manager_.set_live(name, std::nullopt);
    } catch (const std::exception& e) {
        log_error(name, e.what());
    }
}

void Runtime::wait_gone(const std::string& name, timing::Timeline* tl) {
    // zoneadmd exits after it answered halt; its socket goes with it, and
    // then systemd collects the empty scope (asynchronously). A boot right
    // after must not find the old scope and take it for a live platform.
    // Poll with a growing pause: both usually take a millisecond or two,
    // systemd's part longer when it has many units to look through (15-25
    // ms beside 300 zones): pauses of at most 4 ms for the first 100 ms, so
    // the answer waits no more than that for it, then up to 50 ms.
    auto until = [](const auto& done, int total_ms) {
        int waited = 0;
        for (int step = 1; waited < total_ms; step = std::min(step * 2, waited < 100 ? 4 : 50)) {
            if (done())
                return true;
            ::usleep(static_cast<useconds_t>(step) * 1000);
            waited += step;
        }
        return done();
    };
    until([&] { return !query(name); }, 10000);
    if (tl)
        tl->mark("zoneadmd: exit");
    if (!options_.use_systemd)
        return;
    if (!until([&] { return !zone_scope_active(name); }, 5000))
        log_warning(name, "zone-NAME.scope still active after halt");
    if (tl)
        tl->mark("systemd: zone scope removed");
}

void Runtime::recover() {
    const fs::path run = options_.store_root / "run" / "zones";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(run, ec)) {
        if (!entry.is_directory(ec))
            continue;
        const std::string name = entry.path().filename().string();
        if (!valid_zone_name(name))
            continue;
        std::optional<int> id;
        try {
            if (auto text = fsutil::read_file(entry.path() / "zoneid", 64))
                id = parse_int(*text);
        } catch (const ZoneError&) {
        }
        if (!id)
            continue;
        auto live = query(name);
        const bool scope = options_.use_systemd && !live && zone_scope_active(name);
        if (!live && !scope) {
            if (remnants(name)) {
                // Pins without zoneadmd or scope: e.g. a zoneadmd --prepare
                // stopped with us before "go" (it was still in our cgroup).
                // A zoneadmd --adopt takes the platform over or clears it.
                try {
                    revive(name);
                } catch (const std::exception& e) {
                    log_error(name, e.what());
                }
                continue;
            }
            release_id(name);   // stale: the zone is gone
            continue;
        }
        watch_ids(name);
        if (live) {
            // Watch the zoneadmd we did not start through a pidfd.
            if (auto pidtext = fsutil::read_file(entry.path() / "zoneadmd.pid", 64)) {
                if (auto pid = parse_int(*pidtext)) {
                    std::lock_guard lock(mu_);
                    Supervisor& s = supervisors_[name];
                    s.pid = *pid;
                    s.pidfd.reset(pidfd_open(*pid));
                    s.our_child = false;
                }
            }
            log_info(name, fmt::format("found live zone (ID {})", *id));
        } else {
            try {
                start_zoneadmd(name, true);
                log_warning(name, "zoneadmd was gone; restarted it to recover the zone");
            } catch (const ZoneError& e) {
                log_error(name, e.what());
            }
        }
        publish(name);
    }
    want_spare(std::chrono::seconds(1));   // for the first ready
    wake_watcher();
}

void Runtime::wake_watcher() {
    const std::uint64_t one = 1;
    (void)!::write(wake_fd_.get(), &one, sizeof one);
}

void Runtime::watch_ids(const std::string& name) {
    const int wd = ::inotify_add_watch(inotify_.get(), run_dir(name).c_str(), IN_MOVED_TO | IN_CLOSE_WRITE | IN_ONLYDIR);
    if (wd < 0) {
        log_warning(name, sys::errno_text(fmt::format("inotify {}", run_dir(name).string()), errno));
        return;
    }
    std::lock_guard lock(mu_);
    id_watches_[wd] = name;
}

std::vector<std::string> Runtime::changed_ids() {
    std::vector<std::string> zones;
    alignas(inotify_event) char buf[16384];
    for (;;) {
        const ssize_t n = ::read(inotify_.get(), buf, sizeof buf);
        if (n <= 0)
            break;   // EAGAIN: all read
        for (ssize_t off = 0; off < n;) {
            const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
            off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
            std::lock_guard lock(mu_);
            auto it = id_watches_.find(ev->wd);
            if (it == id_watches_.end())
                continue;
            if (ev->mask & IN_IGNORED) {   // RUN/NAME is gone (halt)
                id_watches_.erase(it);
                continue;
            }
            if (ev->len > 0 && std::string_view(ev->name) == "zoneid" &&
                std::find(zones.begin(), zones.end(), it->second) == zones.end())
                zones.push_back(it->second);
        }
    }
    return zones;
}

void Runtime::watch_loop() {
    while (!stopping_) {
        std::vector<pollfd> fds{{wake_fd_.get(), POLLIN, 0}, {inotify_.get(), POLLIN, 0}, {-1, POLLIN, 0}};
        std::vector<std::pair<std::string, pid_t>> names{{"", 0}, {"", 0}, {"", 0}};
        {
            // The spare too: one that dies (killed, or its start failed)
            // is reaped now, not left a zombie until the next ready.
            std::lock_guard lock(spare_mu_);
            if (spare_ && spare_->pidfd)
                fds[2].fd = spare_->pidfd.get();
        }
        {
            std::lock_guard lock(mu_);
            for (const auto& [name, s] : supervisors_) {
                if (!s.pidfd)
                    continue;
                fds.push_back({s.pidfd.get(), POLLIN, 0});
                names.emplace_back(name, s.pid);
            }
        }
        // No timeout unless a spare is due: an idle zonesd does not wake.
        int timeout = -1;
        const auto now = [] { return static_cast<std::int64_t>(timing::now_ns()); };
        if (const std::int64_t due = spare_due_; due != 0)
            timeout = static_cast<int>(std::max<std::int64_t>(0, (due - now() + 999999) / 1000000));
        const int r = ::poll(fds.data(), fds.size(), timeout);
        if (r < 0 && errno != EINTR)
            return;
        if (const std::int64_t due = spare_due_; due != 0 && now() >= due) {
            spare_due_ = 0;
            refill_spare();
        }
        if (fds[0].revents & POLLIN) {
            std::uint64_t v = 0;
            (void)!::read(wake_fd_.get(), &v, sizeof v);
        }
        if (fds[2].revents & (POLLIN | POLLHUP | POLLERR))
            drop_dead_spare();
        if (fds[1].revents & POLLIN) {
            // A new zone ID (a reboot from inside the zone, or ours): the
            // Manager shows what zoneadmd says, on the zone's lane.
            for (const std::string& name : changed_ids()) {
                on_lane(name, [this, name] {
                    if (query(name))
                        publish(name);
                });
            }
        }
        for (std::size_t i = 3; i < fds.size(); ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const std::string& name = names[i].first;
            Supervisor gone;
            {
                std::lock_guard lock(mu_);
                auto it = supervisors_.find(name);
                if (it == supervisors_.end() || it->second.pid != names[i].second)
                    continue;
                gone = std::move(it->second);
                supervisors_.erase(it);
            }
            int status = 0;
            if (gone.our_child)
                while (::waitpid(gone.pid, &status, 0) < 0 && errno == EINTR) {
                }
            log_info(name, fmt::format("zoneadmd (pid {}) exited", gone.pid));
            if (stopping_)
                return;
            // The platform may live on without it (a killed zoneadmd): a new
            // zoneadmd adopts it at once, or clears a half-built one.
            on_lane(name, [this, name] { revive(name); });
        }
    }
}

}  // namespace zones::daemon
