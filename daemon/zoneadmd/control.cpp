#include "control.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "log.hpp"

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

int Control::on_conn(sd_event_source*, int fd, uint32_t, void* self) {
    auto* c = static_cast<Control*>(self);
    const std::uint64_t id = c->by_fd_[fd];
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return 0;
    if (n <= 0) {   // peer gone: drop it (a deferred reply then goes nowhere)
        c->by_fd_.erase(fd);
        c->conns_.erase(id);
        return 0;
    }
    std::string_view req(buf, static_cast<std::size_t>(n));
    while (!req.empty() && (req.back() == '\n' || req.back() == '\0')) req.remove_suffix(1);
    if (auto r = c->handler_(id, req)) c->reply(id, *r);
    return 0;
}

void Control::reply(std::uint64_t conn, std::string_view text) {
    auto it = conns_.find(conn);
    if (it == conns_.end()) return;
    if (::send(it->second.fd.get(), text.data(), text.size(), MSG_NOSIGNAL) < 0)
        logf(4, "control reply: {}", std::strerror(errno));
}

}  // namespace zones::zoneadmd
