#include "login.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "log.hpp"
#include "sys/fdpass.hpp"
#include "zone.hpp"

namespace zones::daemon {
namespace {

ZoneError err(ErrorKind k, std::string line) { return ZoneError(k, std::move(line)); }

// One reply message and at most one fd; nullopt on EOF or garbage.
std::optional<SessionReply> receive(int sock) {
    std::string text;
    std::vector<sys::Fd> fds;
    if (!sys::recv_fds(sock, text, fds, 4096, MSG_DONTWAIT)) return std::nullopt;
    auto reply = parse_session_reply(text);
    if (reply && !fds.empty()) reply->fd = std::move(fds.front());
    return reply;
}

}  // namespace

std::optional<SessionReply> parse_session_reply(std::string_view text) {
    SessionReply r;
    if (text == "ok") {
        r.ok = true;
        return r;
    }
    if (text.rfind("ok ", 0) == 0) {
        r.ok = true;
        r.text = std::string(text.substr(3));
        return r;
    }
    if (text.rfind("error ", 0) != 0) return std::nullopt;
    text.remove_prefix(6);
    const std::size_t sp = text.find(' ');
    if (auto k = parse_error_kind(text.substr(0, sp)); k && sp != std::string_view::npos) {
        r.kind = *k;
        text.remove_prefix(sp + 1);
    }
    r.text = std::string(text);
    return r;
}

Logins::Logins(Manager& manager, std::filesystem::path run_root)
    : manager_(manager), run_root_(std::move(run_root)) {
    epoll_ = sys::Fd(::epoll_create1(EPOLL_CLOEXEC));
    wake_ = sys::Fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!epoll_ || !wake_) fsutil::throw_errno("logins", errno);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_.get();
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, wake_.get(), &ev);
    waiter_ = std::thread([this] { wait_loop(); });
}

Logins::~Logins() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_.get(), &one, sizeof one);
    if (waiter_.joinable()) waiter_.join();
    // Unanswered callers get org.zones.Error.Internal from ~Reply.
    std::lock_guard lock(mu_);
    pending_.clear();
}

void Logins::check(const std::string& name, Need need) const {
    if (name == "global") throw err(ErrorKind::Invalid, "'zlogin' not applicable to the global zone");
    std::optional<ZoneInfo> z;
    if (safe_lookup_name(name)) z = manager_.find(name);
    if (!z) throw err(ErrorKind::NoSuchZone, fmt::format("zone '{}' unknown", shown_name(name)));
    const std::string_view st = state_name(z->state);
    if (z->state == ZoneState::Configured || z->state == ZoneState::Incomplete)
        throw err(ErrorKind::InvalidState, fmt::format("cannot login to a zone which is '{}'", st));
    if (need == Need::Running && z->state != ZoneState::Running)
        throw err(ErrorKind::InvalidState,
                  fmt::format("login allowed only to running zones ({} is '{}').", name, st));
    // A down zone keeps its console (zoneadmd and the platform are there),
    // as on illumos: what it printed last is often why the halt stuck.
    if (need == Need::Console && z->state != ZoneState::Ready && z->state != ZoneState::Running &&
        z->state != ZoneState::ShuttingDown && z->state != ZoneState::Down)
        throw err(ErrorKind::InvalidState,
                  fmt::format("zone '{}' has no console while it is '{}'", name, st));
}

void Logins::send(const std::string& name, Need need, const std::string& request,
                  const std::vector<int>& fds, Done done) {
    const std::string path = (run_root_ / name / "zoneadmd.sock").string();
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    if (path.size() >= sizeof sa.sun_path) throw err(ErrorKind::Internal, path + ": path too long");
    std::memcpy(sa.sun_path, path.c_str(), path.size());
    sys::Fd sock(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!sock) fsutil::throw_errno(path, errno);
    if (::connect(sock.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0) {
        if (errno == ENOENT || errno == ECONNREFUSED)   // no zoneadmd: the zone just went down
            throw err(ErrorKind::InvalidState,
                      need == Need::Running
                          ? fmt::format("login allowed only to running zones ({} is 'installed').", name)
                          : fmt::format("zone '{}' has no console while it is 'installed'", name));
        if (errno == EAGAIN) throw err(ErrorKind::Busy, fmt::format("zone '{}': zoneadmd is busy; try again later", name));
        fsutil::throw_errno(path, errno);
    }
    if (!sys::send_fds(sock.get(), request, fds)) {
        if (errno == EMSGSIZE) throw err(ErrorKind::Invalid, "command line too long");
        fsutil::throw_errno(path, errno);
    }
    const int fd = sock.get();
    std::lock_guard lock(mu_);
    pending_[fd] = {std::move(sock), std::move(done)};
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = fd;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) < 0) {
        pending_.erase(fd);   // ~Reply answers Internal
        fsutil::throw_errno("epoll", errno);
    }
}

void Logins::wait_loop() {
    epoll_event evs[32];
    for (;;) {
        int n = ::epoll_wait(epoll_.get(), evs, 32, -1);
        if (n < 0 && errno != EINTR) {
            log_error("", fmt::format("zlogin waiter: {}", std::strerror(errno)));
            return;
        }
        for (int i = 0; i < n; ++i) {
            const int fd = evs[i].data.fd;
            if (fd == wake_.get()) {
                std::lock_guard lock(mu_);
                if (stopping_) return;
                continue;
            }
            std::pair<sys::Fd, Done> p;
            {
                std::lock_guard lock(mu_);
                auto it = pending_.find(fd);
                if (it == pending_.end()) continue;
                p = std::move(it->second);
                pending_.erase(it);
                ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
            }
            auto reply = receive(fd);
            try {
                p.second(std::move(reply));
            } catch (const std::exception& e) {
                log_error("", fmt::format("zlogin reply: {}", e.what()));
            }
        }
    }
}

namespace {

// Why the zone may not be given fd (a client's stdio for RunCommand), or "".
std::string refused_stdio(int fd) {
    const int fl = ::fcntl(fd, F_GETFL);
    if (fl < 0) return "not an open file";
    if (fl & O_PATH) return "an O_PATH descriptor";
    struct stat st {};
    if (::fstat(fd, &st) < 0) return "not an open file";
    if (S_ISDIR(st.st_mode)) return "a directory";
    if (S_ISBLK(st.st_mode)) return "a block device";
    if (S_ISCHR(st.st_mode)) {
        if (::isatty(fd)) return "a terminal";
        // The devices every zone has (/dev/null for zlogin -n and the like).
        const bool zone_has = major(st.st_rdev) == 1 &&
                              (minor(st.st_rdev) == 3 || minor(st.st_rdev) == 5 || minor(st.st_rdev) == 7 ||
                               minor(st.st_rdev) == 8 || minor(st.st_rdev) == 9);
        if (!zone_has) return "a device";
    }
    return {};
}

}  // namespace

void Logins::run(std::shared_ptr<Reply<int32_t>> reply, const std::string& name,
                 const std::string& user, const std::vector<int>& fds,
                 const std::vector<std::string>& command, std::uint64_t flags) {
    try {
        check(name, Need::Running);
        // The zone gets these very files: a terminal would let it type into
        // the administrator's shell (TIOCSTI), a directory or an O_PATH fd
        // reach the host's tree (openat), a device bypass the zone's
        // device rules (checked at open only).
        static constexpr const char* kSlots[] = {"stdin", "stdout", "stderr", "the signal pipe"};
        for (std::size_t i = 0; i < fds.size() && i < 4; ++i)
            if (const std::string what = refused_stdio(fds[i]); !what.empty())
                throw err(ErrorKind::Invalid,
                          fmt::format("zone '{}': cannot give a command {}: it is {} (pipes, sockets, regular files "
                                      "and /dev/null only)",
                                      name, kSlots[i], what));
        if (flags & ~kSafe) throw err(ErrorKind::Invalid, fmt::format("unknown flags {:#x}", flags));
        std::string req = fmt::format("run{}{}{}{}", '\0', (flags & kSafe) ? "S" : "-", '\0', user);
        for (const std::string& w : command) {
            if (w.find('\0') != std::string::npos) throw err(ErrorKind::Invalid, "a command word holds a NUL byte");
            req += '\0';
            req += w;
        }
        send(name, Need::Running, req, fds, [reply, name](std::optional<SessionReply> r) {
            if (!r) return reply->fail(err(ErrorKind::InvalidState, fmt::format("zone '{}' went down", name)));
            if (!r->ok) return reply->fail(err(r->kind, r->text));
            int code = 0;
            if (std::sscanf(r->text.c_str(), "exit %d", &code) == 1) return reply->ok(code);
            if (std::sscanf(r->text.c_str(), "signal %d", &code) == 1) return reply->ok(128 + code);
            reply->fail(err(ErrorKind::Internal, "zoneadmd sent an unexpected reply to 'run'"));
        });
    } catch (const ZoneError& e) {
        reply->fail(e);
    } catch (const std::exception& e) {
        reply->fail(internal_error(e.what()));
    }
}

void Logins::shell(std::shared_ptr<Reply<sdbus::UnixFd, std::string>> reply, const std::string& name,
                   const std::string& user, const std::string& term, std::uint64_t flags,
                   bool password) {
    try {
        check(name, Need::Running);
        if (flags & ~kSafe) throw err(ErrorKind::Invalid, fmt::format("unknown flags {:#x}", flags));
        if (user.find('\0') != std::string::npos || term.find('\0') != std::string::npos)
            throw err(ErrorKind::Invalid, "a NUL byte in the user or terminal name");
        // S: failsafe; P: login(1) asks for the password; -: neither.
        const char* mode = (flags & kSafe) ? "S" : password ? "P" : "-";
        const std::string req =
            fmt::format("shell{}{}{}{}{}{}", '\0', mode, '\0', user, '\0', term);
        send(name, Need::Running, req, {}, [reply, name](std::optional<SessionReply> r) {
            if (!r) return reply->fail(err(ErrorKind::InvalidState, fmt::format("zone '{}' went down", name)));
            if (!r->ok) return reply->fail(err(r->kind, r->text));
            if (!r->fd) return reply->fail(err(ErrorKind::Internal, "zoneadmd sent no pty"));
            reply->ok(sdbus::UnixFd(r->fd.release(), sdbus::adopt_fd), r->text);
        });
    } catch (const ZoneError& e) {
        reply->fail(e);
    } catch (const std::exception& e) {
        reply->fail(internal_error(e.what()));
    }
}

void Logins::console(std::shared_ptr<Reply<sdbus::UnixFd>> reply, const std::string& name,
                     pid_t caller_pid) {
    try {
        check(name, Need::Console);
        const std::string req = fmt::format("console{}{}", '\0', caller_pid);
        send(name, Need::Console, req, {}, [reply, name](std::optional<SessionReply> r) {
            if (!r) return reply->fail(err(ErrorKind::InvalidState, fmt::format("zone '{}' went down", name)));
            if (!r->ok) return reply->fail(err(r->kind, r->text));
            if (!r->fd) return reply->fail(err(ErrorKind::Internal, "zoneadmd sent no console"));
            reply->ok(sdbus::UnixFd(r->fd.release(), sdbus::adopt_fd));
        });
    } catch (const ZoneError& e) {
        reply->fail(e);
    } catch (const std::exception& e) {
        reply->fail(internal_error(e.what()));
    }
}

}  // namespace zones::daemon
