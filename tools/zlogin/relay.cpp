#include "relay.hpp"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

namespace zones::zlogin {

bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) {
                pollfd p{fd, POLLOUT, 0};
                ::poll(&p, 1, -1);
                continue;
            }
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

RelayEnd relay(int local_in, int local_out, int remote, EscapeFilter& escape, int signal_fd,
               const std::function<void()>& on_winch) {
    char buf[16384];
    bool in_open = true;
    for (;;) {
        pollfd p[3] = {{remote, POLLIN, 0}, {signal_fd, POLLIN, 0}, {in_open ? local_in : -1, POLLIN, 0}};
        if (::poll(p, 3, -1) < 0) {
            if (errno == EINTR) continue;
            return RelayEnd::RemoteClosed;
        }
        if (p[1].revents & POLLIN) {
            unsigned char sigs[16];
            ssize_t n = ::read(signal_fd, sigs, sizeof sigs);
            for (ssize_t i = 0; i < n; ++i) {
                if (sigs[i] == SIGWINCH) on_winch();
                else return RelayEnd::Signal;
            }
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = ::read(remote, buf, sizeof buf);
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (n <= 0) return RelayEnd::RemoteClosed;   // EIO: the pty's last slave is gone
            if (!write_all(local_out, buf, static_cast<std::size_t>(n))) return RelayEnd::RemoteClosed;
        }
        if (in_open && (p[2].revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t n = ::read(local_in, buf, sizeof buf);
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (n <= 0) {
                in_open = false;
                continue;
            }
            bool leave = false;
            const std::string out = escape.feed(std::string_view(buf, static_cast<std::size_t>(n)), leave);
            if (!out.empty() && !write_all(remote, out.data(), out.size())) return RelayEnd::RemoteClosed;
            if (leave) return RelayEnd::Escape;
        }
    }
}

}  // namespace zones::zlogin
