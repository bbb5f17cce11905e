#include "process.hpp"

#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
extern "C" {   // glibc 2.36's header lacks the C++ guard
#include <sys/pidfd.h>
}

namespace zones::zoneadmd {

Child& Child::operator=(Child&& o) noexcept {
    if (this != &o) {
        kill_and_reap();
        pid_ = o.pid_;
        pidfd_ = std::move(o.pidfd_);
        o.pid_ = -1;
    }
    return *this;
}

bool Child::signal(int sig) const { return pid_ > 0 && ::pidfd_send_signal(pidfd_.get(), sig, nullptr, 0) == 0; }

bool Child::wait(int& code, int& status) {
    siginfo_t si{};
    int r;
    do r = ::waitid(P_PIDFD, static_cast<id_t>(pidfd_.get()), &si, WEXITED);
    while (r < 0 && errno == EINTR);
    if (r < 0) return false;
    code = si.si_code;
    status = si.si_status;
    forget();
    return true;
}

void Child::kill_and_reap() {
    if (pid_ <= 0) return;
    signal(SIGKILL);
    int code, status;
    if (!wait(code, status)) forget();   // not our child (adopted): nothing to reap
}

bool Child::kill_within(int ms) {
    if (pid_ <= 0) return true;
    signal(SIGKILL);
    pollfd p{pidfd_.get(), POLLIN, 0};
    int r;
    do r = ::poll(&p, 1, ms);
    while (r < 0 && errno == EINTR);
    if (r <= 0) return false;
    int code, status;
    if (!wait(code, status)) forget();   // adopted: not ours to reap
    return true;
}

Child spawn(std::uint64_t flags, int cgroup_fd, bool& into_v2, const std::function<int()>& fn,
            std::string& err) {
    int pidfd = -1;
    clone_args args{};
    args.flags = flags | CLONE_PIDFD;
    args.pidfd = reinterpret_cast<std::uint64_t>(&pidfd);
    args.exit_signal = SIGCHLD;
    into_v2 = cgroup_fd >= 0;
    if (into_v2) {
        args.flags |= CLONE_INTO_CGROUP;
        args.cgroup = static_cast<std::uint64_t>(cgroup_fd);
    }
    long pid = ::syscall(SYS_clone3, &args, sizeof args);
    if (pid < 0 && into_v2) {   // e.g. a v2 cgroup with domain controllers: attach by hand
        into_v2 = false;
        args.flags &= ~static_cast<std::uint64_t>(CLONE_INTO_CGROUP);
        args.cgroup = 0;
        pid = ::syscall(SYS_clone3, &args, sizeof args);
    }
    if (pid < 0) {
        err = errno_text("clone3", errno);
        return {};
    }
    if (pid == 0) ::_exit(fn());
    return Child(static_cast<pid_t>(pid), Fd(pidfd));
}

std::uint64_t start_time(pid_t pid) {
    std::string stat;
    if (!read_file("/proc/" + std::to_string(pid) + "/stat", stat)) return 0;
    // After the ")" closing comm (which may hold anything): state is field
    // 3, starttime field 22.
    const std::size_t rp = stat.rfind(')');
    if (rp == std::string::npos) return 0;
    const char* p = stat.c_str() + rp + 1;
    for (int field = 2; field < 22 && *p; ++p)
        if (*p == ' ') ++field;
    while (*p == ' ') ++p;
    return std::strtoull(p, nullptr, 10);
}

void reset_signals() {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    // The kernel's struct sigaction (x86-64): SIG_DFL, no flags, empty mask.
    struct {
        __sighandler_t handler = SIG_DFL;
        unsigned long flags = 0;
        void* restorer = nullptr;
        std::uint64_t mask = 0;
    } dfl;
    for (int s = 1; s <= 64; ++s)
        if (s != SIGKILL && s != SIGSTOP) ::syscall(SYS_rt_sigaction, s, &dfl, nullptr, sizeof dfl.mask);
}

Child open_pid(pid_t pid) {
    int fd = ::pidfd_open(pid, 0);
    if (fd < 0) return {};
    return Child(pid, Fd(fd));
}

}  // namespace zones::zoneadmd
