#include "terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

namespace zones::zlogin {

bool RawTerminal::enter(int fd) {
    if (!::isatty(fd) || ::tcgetattr(fd, &saved_) < 0) return false;
    termios raw = saved_;
    ::cfmakeraw(&raw);
    if (::tcsetattr(fd, TCSADRAIN, &raw) < 0) return false;
    fd_ = fd;
    return true;
}

void RawTerminal::restore() {
    if (fd_ < 0) return;
    ::tcsetattr(fd_, TCSADRAIN, &saved_);
    fd_ = -1;
}

void copy_window_size(int from, int to) {
    winsize ws{};
    if (::ioctl(from, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) ::ioctl(to, TIOCSWINSZ, &ws);
}

}  // namespace zones::zlogin
