#include "stdio_relay.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "relay.hpp"

namespace zones::zlogin {

StdioRelay::StdioRelay(std::array<int, 3> fds) : local_(fds) {
    for (int i = 0; i < 3; ++i) {
        if (!::isatty(local_[i])) continue;
        int p[2];
        if (::pipe2(p, O_CLOEXEC) < 0) fsutil::throw_errno("pipe", errno);
        // stdin: the zone reads p[0], we write p[1]; stdout/err the other way.
        pipe_remote_[i].reset(i == 0 ? p[0] : p[1]);
        pipe_local_[i].reset(i == 0 ? p[1] : p[0]);
        ::fcntl(pipe_local_[i].get(), F_SETFL, O_NONBLOCK);
    }
}

void StdioRelay::close_remote_ends() {
    for (auto& fd : pipe_remote_) fd.reset();
}

void StdioRelay::add(std::vector<pollfd>& fds) {
    close_remote_ends();   // the call holds its own copies by now
    slot_ = {-1, -1, -1};
    auto push = [&](int i, int fd, short ev) {
        slot_[i] = static_cast<int>(fds.size());
        fds.push_back(pollfd{fd, ev, 0});
    };
    if (pipe_local_[0] && !in_eof_) push(0, pending_in_.empty() ? local_[0] : pipe_local_[0].get(),
                                         pending_in_.empty() ? POLLIN : POLLOUT);
    for (int i = 1; i < 3; ++i)
        if (pipe_local_[i]) push(i, pipe_local_[i].get(), POLLIN);
}

void StdioRelay::copy_out(int i) {
    char buf[16384];
    for (;;) {
        ssize_t n = ::read(pipe_local_[i].get(), buf, sizeof buf);
        if (n > 0) {
            write_all(local_[i], buf, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n == 0) pipe_local_[i].reset();   // every writer in the zone is done
        return;
    }
}

void StdioRelay::handle(const pollfd* fds, std::size_t) {
    // fds points just past the bus entry; slot_ counts from the vector start.
    auto rev = [&](int i) { return slot_[i] < 0 ? 0 : fds[slot_[i] - 1].revents; };
    if (slot_[0] >= 0 && rev(0)) {
        if (pending_in_.empty()) {
            char buf[4096];
            ssize_t n = ::read(local_[0], buf, sizeof buf);
            if (n > 0) pending_in_.assign(buf, static_cast<std::size_t>(n));
            else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                in_eof_ = true;
                pipe_local_[0].reset();   // the command sees EOF (^D)
            }
        } else {
            ssize_t n = ::write(pipe_local_[0].get(), pending_in_.data(), pending_in_.size());
            if (n > 0) pending_in_.erase(0, static_cast<std::size_t>(n));
            else if (n < 0 && errno != EINTR && errno != EAGAIN) {
                in_eof_ = true;   // the command closed its stdin
                pipe_local_[0].reset();
                pending_in_.clear();
            }
        }
    }
    for (int i = 1; i < 3; ++i)
        if (slot_[i] >= 0 && rev(i)) copy_out(i);
}

void StdioRelay::drain() {
    for (int i = 1; i < 3; ++i)
        if (pipe_local_[i]) copy_out(i);
}

}  // namespace zones::zlogin
