#include "init.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

namespace zones::zoneadmd {
namespace {

// Runs in the clone3 child: single-threaded, so setns(mnt) is allowed.
int init_child(const BootSpec& spec, const PinnedFds& pins, int sock) {
    auto fail = [&](std::string_view what) {
        std::string e = errno_text(what, errno);
        [[maybe_unused]] ssize_t n = ::write(sock, e.data(), e.size());
        return 127;
    };
    char go;
    if (::read(sock, &go, 1) != 1) return 1;   // parent gave up
    // mnt last: it changes our root and cwd to the zone's.
    static constexpr int kTypes[] = {CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWNET, CLONE_NEWCGROUP};
    for (int i : {1, 2, 3, 0})
        if (::setns(pins.fd[static_cast<std::size_t>(i)].get(), kTypes[i]) < 0) return fail("setns");
    if (::unshare(CLONE_NEWNS) < 0) return fail("unshare mount namespace");
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) < 0) return fail("make-rslave /");
    if (::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) < 0) return fail("mount /proc");
    if (::chdir("/") < 0) return fail("chdir /");
    sigset_t all;
    sigemptyset(&all);
    ::sigprocmask(SIG_SETMASK, &all, nullptr);
    for (int s = 1; s < NSIG; ++s) ::signal(s, SIG_DFL);
    ::umask(022);
    if (::setsid() < 0) return fail("setsid");
    int tty = ::open("/dev/console", O_RDWR);
    if (tty < 0) return fail("/dev/console");
    if (::ioctl(tty, TIOCSCTTY, 0) < 0) return fail("TIOCSCTTY");
    for (int fd = 0; fd < 3; ++fd)
        if (::dup2(tty, fd) < 0) return fail("dup2");
    if (tty > 2) ::close(tty);
    // Nothing of zoneadmd's may reach the zone (CVE-2024-21626).
    ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(spec.init.c_str()));
    for (const auto& a : spec.args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    char* envp[] = {const_cast<char*>("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                    const_cast<char*>("container=zone"), const_cast<char*>("TERM=vt220"),
                    const_cast<char*>("HOME=/"), nullptr};
    ::execve(spec.init.c_str(), argv.data(), envp);
    return fail(fmt::format("exec {}", spec.init));
}

}  // namespace

int shutdown_signal(const BootSpec& spec) {
    return spec.init.find("zinit") != std::string::npos ? SIGTERM : SIGRTMIN + 4;
}

std::string start_init(const BootSpec& spec, const PinnedFds& pins, const Cgroups& cg, Child& out) {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return errno_text("socketpair", errno);
    Fd mine(sv[0]), theirs(sv[1]);
    Fd cgfd = cg.payload_v2_fd();
    bool into_v2 = false;
    std::string err;
    Child c = spawn(CLONE_NEWPID | CLONE_NEWIPC, cgfd.get(), into_v2,
                    [&] { mine.reset(); return init_child(spec, pins, theirs.get()); }, err);
    if (!c) return err;
    theirs.reset();
    if (std::string e = cg.attach(c.pid(), into_v2); !e.empty()) return e;   // ~Child kills it
    if (spec.before_exec)
        if (std::string e = spec.before_exec(c.pid()); !e.empty()) return e;
    if (::write(mine.get(), "g", 1) != 1) {
        int code = 0, status = 0;
        c.wait(code, status);
        return fmt::format("init died before it ran (code {} status {})", code, status);
    }
    char buf[1024];
    ssize_t n;
    do n = ::read(mine.get(), buf, sizeof buf);
    while (n < 0 && errno == EINTR);
    if (n > 0) return std::string(buf, static_cast<std::size_t>(n));   // exec failed
    out = std::move(c);   // EOF: CLOEXEC closed it at a successful exec
    return {};
}

}  // namespace zones::zoneadmd
