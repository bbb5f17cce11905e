#include "fdpass.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace zones::zoneadmd {

bool send_msg(int sock, std::string_view text, int fd1, int fd2) {
    iovec iov{const_cast<char*>(text.data()), text.size()};
    alignas(cmsghdr) char ctl[CMSG_SPACE(2 * sizeof(int))] = {};
    msghdr m{};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    int fds[2] = {fd1, fd2};
    const int n = (fd1 >= 0) + (fd2 >= 0);
    if (n > 0) {
        m.msg_control = ctl;
        m.msg_controllen = CMSG_SPACE(n * sizeof(int));
        cmsghdr* c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(n * sizeof(int));
        std::memcpy(CMSG_DATA(c), fd1 >= 0 ? fds : fds + 1, n * sizeof(int));
    }
    ssize_t r;
    do r = ::sendmsg(sock, &m, MSG_NOSIGNAL);
    while (r < 0 && errno == EINTR);
    return r >= 0;
}

bool recv_msg(int sock, std::string& text, Fd& fd1, Fd& fd2) {
    char buf[4096];
    iovec iov{buf, sizeof buf};
    alignas(cmsghdr) char ctl[CMSG_SPACE(2 * sizeof(int))] = {};
    msghdr m{};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl;
    m.msg_controllen = sizeof ctl;
    ssize_t r;
    do r = ::recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
    while (r < 0 && errno == EINTR);
    if (r <= 0) return false;
    text.assign(buf, static_cast<std::size_t>(r));
    for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int fds[2] = {-1, -1};
            std::size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            std::memcpy(fds, CMSG_DATA(c), std::min<std::size_t>(n, 2) * sizeof(int));
            fd1 = Fd(fds[0]);
            fd2 = Fd(fds[1]);
        }
    return true;
}

bool send_fds(int sock, std::string_view text, const std::vector<int>& fds) {
    if (fds.size() > kMaxFds) return false;
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
    return r >= 0;
}

bool recv_fds(int sock, std::string& text, std::vector<Fd>& fds, std::size_t max_text) {
    text.resize(max_text);
    iovec iov{text.data(), text.size()};
    alignas(cmsghdr) char ctl[CMSG_SPACE(kMaxFds * sizeof(int))] = {};
    msghdr m{};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl;
    m.msg_controllen = sizeof ctl;
    ssize_t r;
    do r = ::recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
    while (r < 0 && errno == EINTR);
    fds.clear();
    if (r >= 0)   // take every fd first, so none leaks whatever happens next
        for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
                const std::size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                std::vector<int> raw(n);
                std::memcpy(raw.data(), CMSG_DATA(c), n * sizeof(int));
                for (int fd : raw) fds.emplace_back(fd);
            }
    if (r <= 0) {
        if (r == 0) errno = 0;
        text.clear();
        return false;
    }
    text.resize(static_cast<std::size_t>(r));
    if (m.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
        errno = EMSGSIZE;
        return false;
    }
    return true;
}

}  // namespace zones::zoneadmd
