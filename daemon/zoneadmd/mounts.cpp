#include "mounts.hpp"

#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "fd.hpp"

namespace zones::zoneadmd {

std::string make_rslave() {
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) < 0) return errno_text("make-rslave /", errno);
    return {};
}

std::string bind_root(const std::string& root) {
    if (::mount(root.c_str(), root.c_str(), nullptr, MS_BIND | MS_REC, nullptr) < 0)
        return errno_text("bind " + root, errno);
    return {};
}

std::string pivot_into(const std::string& root) {
    if (::chdir(root.c_str()) < 0) return errno_text(root, errno);
    if (::syscall(SYS_pivot_root, ".", ".") < 0) return errno_text("pivot_root " + root, errno);
    if (::umount2(".", MNT_DETACH) < 0) return errno_text("detach old root", errno);
    if (::chdir("/") < 0) return errno_text("/", errno);
    return {};
}

std::string make_rshared() {
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_SHARED, nullptr) < 0) return errno_text("make-rshared /", errno);
    return {};
}

}  // namespace zones::zoneadmd
