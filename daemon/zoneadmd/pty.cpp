#include "pty.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

namespace zones::zoneadmd {

std::string open_console(Fd& master, Fd& slave) {
    master = Fd(::open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK));
    if (!master) return errno_text("/dev/pts/ptmx", errno);
    int unlock = 0, n = -1;
    if (::ioctl(master.get(), TIOCSPTLCK, &unlock) < 0 || ::ioctl(master.get(), TIOCGPTN, &n) < 0)
        return errno_text("console pty", errno);
    // TIOCGPTPEER: the slave of this very master, no path lookup.
    slave = Fd(::ioctl(master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!slave) return errno_text("console pty slave", errno);
    ::umount2("/dev/console", MNT_DETACH);   // adopt: drop the old console's bind
    const std::string pts = fmt::format("/dev/pts/{}", n);
    if (::mount(pts.c_str(), "/dev/console", nullptr, MS_BIND, nullptr) < 0)
        return errno_text("bind " + pts + " on /dev/console", errno);
    return {};
}

std::string ConsoleLog::open(const std::string& path) {
    path_ = path;
    fd_ = Fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd_) return errno_text(path, errno);
    struct stat st {};
    size_ = ::fstat(fd_.get(), &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
    return {};
}

void ConsoleLog::append(std::string_view data) {
    if (tee_) tee_(data);
    if (!fd_) return;
    if (size_ + data.size() > kMaxSize) {
        ::rename(path_.c_str(), (path_ + ".old").c_str());
        fd_ = Fd(::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
        size_ = 0;
        if (!fd_) return;
    }
    if (write_all(fd_.get(), data)) size_ += data.size();
}

void ConsoleLog::notice(std::string_view text) { append(fmt::format("[NOTICE: {}]\r\n", text)); }

}  // namespace zones::zoneadmd
