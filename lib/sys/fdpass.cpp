#include "sys/fdpass.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace zones::sys {

bool send_fds(int sock, std::string_view text, const std::vector<int>& given) {
    std::vector<int> fds;
    for (int fd : given)
        if (fd >= 0) fds.push_back(fd);
    if (fds.size() > kMaxFds) {
        errno = EINVAL;
        return false;
    }
    iovec iov{const_cast<char*>(text.data()), text.size()};
    alignas(cmsghdr) char ctl[CMSG_SPACE(kMaxFds * sizeof(int))] = {};
    msghdr m{};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    if (!fds.empty()) {
        m.msg_control = ctl;
        m.msg_controllen = CMSG_SPACE(fds.size() * sizeof(int));
        cmsghdr* c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(fds.size() * sizeof(int));
        std::memcpy(CMSG_DATA(c), fds.data(), fds.size() * sizeof(int));
    }
    ssize_t r;
    do r = ::sendmsg(sock, &m, MSG_NOSIGNAL);
    while (r < 0 && errno == EINTR);
    if (r >= 0 && static_cast<std::size_t>(r) != text.size()) errno = EMSGSIZE;
    return r >= 0 && static_cast<std::size_t>(r) == text.size();
}

namespace {

bool recv_impl(int sock, std::string& text, std::vector<Fd>& fds, std::size_t max_text, int flags, pid_t* sender) {
    // Not zero-filled: a request is small, and filling a 256 KiB room for it
    // faulted in 64 fresh pages on every one (zoneadmd's, a cold boot's way).
    const auto room = std::make_unique_for_overwrite<char[]>(max_text);
    iovec iov{room.get(), max_text};
    alignas(cmsghdr) char ctl[CMSG_SPACE(kMaxFds * sizeof(int)) + CMSG_SPACE(sizeof(ucred))] = {};
    msghdr m{};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl;
    m.msg_controllen = sizeof ctl;
    ssize_t r;
    do r = ::recvmsg(sock, &m, MSG_CMSG_CLOEXEC | flags);
    while (r < 0 && errno == EINTR);
    fds.clear();
    if (sender) *sender = 0;
    if (r >= 0) {
        for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
                const std::size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                for (std::size_t i = 0; i < n; ++i) {
                    int fd;
                    std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
                    fds.emplace_back(fd);
                }
            } else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS && sender &&
                       c->cmsg_len >= CMSG_LEN(sizeof(ucred))) {
                ucred cr{};
                std::memcpy(&cr, CMSG_DATA(c), sizeof cr);
                *sender = cr.pid;
            }
        }
    }
    if (r <= 0) {
        if (r == 0) errno = 0;
        text.clear();
        return false;
    }
    text.assign(room.get(), static_cast<std::size_t>(r));
    if (m.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
        errno = EMSGSIZE;
        return false;
    }
    return true;
}

}  // namespace

bool recv_fds(int sock, std::string& text, std::vector<Fd>& fds, std::size_t max_text, int flags) {
    return recv_impl(sock, text, fds, max_text, flags, nullptr);
}

bool recv_fds_from(int sock, std::string& text, std::vector<Fd>& fds, std::size_t max_text, pid_t& sender) {
    return recv_impl(sock, text, fds, max_text, 0, &sender);
}

}  // namespace zones::sys
