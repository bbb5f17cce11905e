#include "control.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "log.hpp"
#include "sys.hpp"

namespace zones::zoneadmd {

std::string Control::listen(sd_event* ev, const std::string& path, Handler h) {
    ev_ = ev;
    path_ = path;
    handler_ = std::move(h);
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    if (path.size() >= sizeof sa.sun_path) return path + ": path too long";
    std::memcpy(sa.sun_path, path.c_str(), path.size());
    listen_fd_ = Fd(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!listen_fd_) return errno_text("socket", errno);
    ::unlink(path.c_str());   // a stale socket of a dead zoneadmd
    const mode_t old = ::umask(0077);
    int r = ::bind(listen_fd_.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    ::umask(old);
    if (r < 0 || ::listen(listen_fd_.get(), 16) < 0) return errno_text(path, errno);
    if (sd_event_add_io(ev, &listen_src_.s, listen_fd_.get(), EPOLLIN, on_accept, this) < 0)
        return "sd_event_add_io failed";
    return {};
}

void Control::close_listener() {
    listen_src_ = EventSource();
    listen_fd_.reset();
    if (!path_.empty()) ::unlink(path_.c_str());
}

int Control::on_accept(sd_event_source*, int fd, uint32_t, void* self) {
    auto* c = static_cast<Control*>(self);
    for (;;) {
        Fd conn(::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
        if (!conn) return 0;
        ucred cr{};
        socklen_t len = sizeof cr;
        if (::getsockopt(conn.get(), SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0 || cr.uid != 0) {
            static constexpr std::string_view deny = "error permission denied";
            [[maybe_unused]] ssize_t n = ::send(conn.get(), deny.data(), deny.size(), MSG_NOSIGNAL);
            continue;
        }
        const std::uint64_t id = c->next_++;
        Conn& k = c->conns_[id];
        k.fd = std::move(conn);
        c->by_fd_[k.fd.get()] = id;
        sd_event_add_io(c->ev_, &k.src.s, k.fd.get(), EPOLLIN, on_conn, c);
    }
}

namespace {

// run\0..., shell\0..., console\0...: the verbs sessions.cpp serves.
bool session_verb(std::string_view req) {
    const std::string_view verb = req.substr(0, req.find_first_of(std::string_view(" \0", 2)));
    return verb == "run" || verb == "shell" || verb == "console";
}

}  // namespace

int Control::on_conn(sd_event_source*, int fd, uint32_t, void* self) {
    auto* c = static_cast<Control*>(self);
    const std::uint64_t id = c->by_fd_[fd];
    std::string buf;
    std::vector<Fd> fds;
    // A command line of zlogin may be long; ARG_MAX-sized ones are refused.
    if (!recv_fds(fd, buf, fds, 256 * 1024)) {
        if (errno == EAGAIN || errno == EINTR) return 0;
        if (errno == EMSGSIZE) {
            c->reply(id, "error request too long");
            return 0;
        }
        c->by_fd_.erase(fd);   // peer gone: drop it (a deferred reply then goes nowhere)
        c->conns_.erase(id);
        return 0;
    }
    const LogAfterReply later;   // the request's log lines after its reply
    std::string_view req(buf);
    if (c->session_handler_ && session_verb(req)) {
        if (auto r = c->session_handler_(id, req, fds)) c->reply(id, *r);
        return 0;
    }
    while (!req.empty() && (req.back() == '\n' || req.back() == '\0')) req.remove_suffix(1);
    if (auto r = c->handler_(id, req)) c->reply(id, *r);
    return 0;
}

void Control::reply(std::uint64_t conn, std::string_view text, int fd) {
    auto it = conns_.find(conn);
    if (it == conns_.end()) return;
    if (!send_fds(it->second.fd.get(), text, {fd}))
        logf(4, "control reply: {}", std::strerror(errno));
}

}  // namespace zones::zoneadmd
