#include "signals.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

namespace zones::zlogin {
namespace {

volatile int g_write_fd = -1;

void on_signal(int sig) {
    const int saved = errno;
    const unsigned char b = static_cast<unsigned char>(sig);
    if (g_write_fd >= 0) [[maybe_unused]] ssize_t n = ::write(g_write_fd, &b, 1);
    errno = saved;
}

}  // namespace

SignalPipe::SignalPipe(std::initializer_list<int> sigs) {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) < 0) fsutil::throw_errno("pipe", errno);
    read_.reset(p[0]);
    write_.reset(p[1]);
    ::fcntl(p[1], F_SETFL, O_NONBLOCK);   // a flood of signals must not block the handler
    g_write_fd = p[1];
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (int s : sigs) ::sigaction(s, &sa, nullptr);
}

SignalPipe::~SignalPipe() { g_write_fd = -1; }

}  // namespace zones::zlogin
