#include "ipc.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "sys/fd.hpp"
#include "sys/file_io.hpp"

namespace zones::rctl {

namespace {

// A sysctl's value without its newline ("" when it cannot be read).
std::string sysctl_read(const std::string& path) {
    std::string s;
    if (!sys::read_file(path, s)) return {};
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}

// "" or "PATH = VALUE: strerror".
std::string sysctl_write(const std::string& path, const std::string& value) {
    return sys::write_file(path, value) ? std::string() : fmt::format("{} = {}: {}", path, value, std::strerror(errno));
}

// Run `fn` in a forked child inside init's IPC namespace; its text comes
// back through a pipe ("" = success, else "E" + cause, or data).
template <typename Fn>
bool in_ipc_ns(pid_t init_pid, Fn fn, std::string& out) {
    const std::string ns = fmt::format("/proc/{}/ns/ipc", init_pid);
    sys::Fd nsfd(::open(ns.c_str(), O_RDONLY | O_CLOEXEC));
    if (!nsfd) {
        out = sys::errno_text(ns, errno);
        return false;
    }
    int p[2];
    if (::pipe2(p, O_CLOEXEC) < 0) {
        out = sys::errno_text("pipe", errno);
        return false;
    }
    sys::Fd rd(p[0]), wr(p[1]);
    const pid_t child = ::fork();
    if (child == 0) {
        rd.reset();
        std::string text;
        bool ok = ::setns(nsfd.get(), CLONE_NEWIPC) == 0;
        if (!ok) text = fmt::format("setns ipc: {}", std::strerror(errno));
        // Our own /proc: the host's /proc/sys may be mounted read-only (a
        // container host); a fresh instance in a private mount namespace
        // is writable and shows the sysctls of our (the zone's) IPC namespace.
        if (ok && (::unshare(CLONE_NEWNS) < 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) < 0 ||
                   ::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) < 0)) {
            ok = false;
            text = fmt::format("private /proc: {}", std::strerror(errno));
        }
        // A zone with its own user namespace owns its IPC namespace: its
        // sysctls are writable by the namespace's root only (kernel
        // ipc_permissions), i.e. by the id init runs as (not host root).
        struct stat owner {};
        if (ok && ::stat(fmt::format("/proc/{}", init_pid).c_str(), &owner) == 0 && owner.st_uid != 0 &&
            ::setresuid(static_cast<uid_t>(-1), owner.st_uid, static_cast<uid_t>(-1)) < 0) {
            ok = false;
            text = fmt::format("become the zone's root: {}", std::strerror(errno));
        }
        if (ok) ok = fn(text);
        text.insert(0, ok ? "+" : "-");
        sys::write_all(wr.get(), text);
        ::_exit(0);
    }
    nsfd.reset();
    wr.reset();
    if (child < 0) {
        out = sys::errno_text("fork", errno);
        return false;
    }
    std::string text;
    if (!sys::read_fd(rd.get(), text)) text.clear();
    rd.reset();
    int st = 0;
    while (::waitpid(child, &st, 0) < 0 && errno == EINTR) {}
    if (text.empty()) {
        out = "IPC helper died";
        return false;
    }
    out = text.substr(1);
    return text[0] == '+';
}

}  // namespace

std::string write_ipc_sysctls(pid_t init_pid, const std::vector<Sysctl>& values) {
    std::string out;
    bool ok = in_ipc_ns(init_pid, [&](std::string& text) {
        for (const Sysctl& s : values)
            if (text = sysctl_write("/proc/sys/" + s.key, s.value); !text.empty()) return false;
        return true;
    }, out);
    return ok ? std::string() : out;
}

std::string set_ipc_limits(pid_t init_pid, const ResourceControls& rc, bool full, std::vector<Sysctl>* previous) {
    const long page = ::sysconf(_SC_PAGESIZE);
    // Nothing to set (no IPC control, not a full reset; which sysctls does
    // not depend on the semaphore line): no child entering the namespace.
    if (ipc_sysctls(rc, "", static_cast<std::uint64_t>(page), full).empty()) {
        if (previous) previous->clear();
        return {};
    }
    std::string out;
    // Read the old values and write the new ones in one child: each line
    // of the reply is "key=old".
    bool ok = in_ipc_ns(init_pid, [&](std::string& text) {
        const auto want = ipc_sysctls(rc, sysctl_read("/proc/sys/kernel/sem"), static_cast<std::uint64_t>(page), full);
        std::string olds;
        std::vector<Sysctl> was;
        for (const Sysctl& s : want) {
            was.push_back({s.key, sysctl_read("/proc/sys/" + s.key)});
            olds += s.key + "=" + was.back().value + "\n";
        }
        for (std::size_t i = 0; i < want.size(); ++i)
            if (text = sysctl_write("/proc/sys/" + want[i].key, want[i].value); !text.empty()) {
                while (i-- > 0) sysctl_write("/proc/sys/" + was[i].key, was[i].value);   // all or nothing
                return false;
            }
        text = olds;
        return true;
    }, out);
    if (!ok) return out;
    if (previous) {
        previous->clear();
        std::size_t i = 0;
        while (i < out.size()) {
            std::size_t nl = out.find('\n', i);
            std::string line = out.substr(i, nl - i);
            i = nl == std::string::npos ? out.size() : nl + 1;
            if (auto eq = line.find('='); eq != std::string::npos)
                previous->push_back({line.substr(0, eq), line.substr(eq + 1)});
        }
    }
    return {};
}

namespace {

std::string rlim_text(rlim_t v) { return v == RLIM_INFINITY ? "unlimited" : fmt::format("{} bytes", v); }

}  // namespace

std::string set_process_limits(pid_t pid, const ResourceControls& rc, const std::vector<unsigned>& cpus,
                               const std::vector<unsigned>& online) {
    // The zone gets zoneadmd's own limit (what the host gives every
    // process; init inherited it) or less: locked is a cap, never a grant.
    // Set from that base every time, so an apply that raises or clears the
    // cap takes effect, or fails saying why (raising a hard limit needs
    // CAP_SYS_RESOURCE, which a confined host may not give zoneadmd).
    rlimit lim{}, now{};
    if (::getrlimit(RLIMIT_MEMLOCK, &lim) < 0 || ::prlimit(pid, RLIMIT_MEMLOCK, nullptr, &now) < 0)
        return fmt::format("locked memory limit: {}", std::strerror(errno));
    if (rc.locked && rc.locked->enforced) {
        const rlim_t want = static_cast<rlim_t>(rc.locked->value);
        if (lim.rlim_max == RLIM_INFINITY || want < lim.rlim_max) lim.rlim_max = want;
        lim.rlim_cur = lim.rlim_max;
    }
    if (::prlimit(pid, RLIMIT_MEMLOCK, &lim, nullptr) < 0) {
        if (errno == EPERM && lim.rlim_max > now.rlim_max)
            return fmt::format("locked memory limit: cannot raise it from {} to {} in a running zone without "
                               "CAP_SYS_RESOURCE (halt and boot the zone)", rlim_text(now.rlim_max),
                               rlim_text(lim.rlim_max));
        return fmt::format("locked memory limit: {}", std::strerror(errno));
    }
    const std::vector<unsigned>& use = cpus.empty() ? online : cpus;
    if (use.empty()) return {};
    cpu_set_t set;
    CPU_ZERO(&set);
    for (unsigned c : use)
        if (c < CPU_SETSIZE) CPU_SET(c, &set);
    if (::sched_setaffinity(pid, sizeof set, &set) < 0)
        return fmt::format("CPU affinity: {}", std::strerror(errno));
    return {};
}

}  // namespace zones::rctl
