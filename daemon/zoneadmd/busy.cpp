#include "busy.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

#include <fmt/format.h>

namespace zones::zoneadmd {
namespace {

// A namespace is its nsfs inode (a pin's /proc/self/fd link shows the
// pin's path, not "mnt:[…]", so compare inodes, not link text).
using Key = std::pair<dev_t, ino_t>;

std::string comm_of(pid_t pid) {
    std::string c;
    if (!read_file(fmt::format("/proc/{}/comm", pid), c)) return "?";
    while (!c.empty() && c.back() == '\n') c.pop_back();
    return c;
}

bool is_pid(const char* s) {
    if (!*s) return false;
    for (; *s; ++s)
        if (*s < '0' || *s > '9') return false;
    return true;
}

// Only asked of a process found holding one of ours: one more read, rarely.
bool zombie(int pid_dir) {
    Fd f(::openat(pid_dir, "stat", O_RDONLY | O_CLOEXEC));
    char buf[512];
    const ssize_t n = f ? ::read(f.get(), buf, sizeof buf - 1) : -1;
    if (n <= 0) return true;   // gone meanwhile
    buf[n] = '\0';
    const char* rp = std::strrchr(buf, ')');   // comm may hold anything
    return rp && rp[1] == ' ' && (rp[2] == 'Z' || rp[2] == 'X');
}

constexpr const char* kWords[] = {"mount", "UTS", "network", "cgroup"};

}  // namespace

std::vector<HeldNs> platform_namespaces(const PinnedFds& pins) {
    std::vector<HeldNs> v;
    for (std::size_t i = 0; i < kPinned.size(); ++i)
        if (pins.fd[i]) v.push_back({pins.fd[i].get(), kWords[i]});
    return v;
}

std::string describe_pids(const std::vector<pid_t>& pids) {
    std::string out;
    for (std::size_t i = 0; i < pids.size() && i < 3; ++i)
        out += fmt::format("{}{} ({})", i ? ", " : "", pids[i], comm_of(pids[i]));
    if (pids.size() > 3) out += ", ...";
    return out;
}

std::string namespace_holders(const std::vector<HeldNs>& ns, const PidSource& host_pids, std::size_t* looked) {
    std::map<Key, const char*> ours;
    for (const HeldNs& n : ns) {
        struct stat st {};
        if (::fstat(n.fd, &st) == 0) ours.emplace(Key{st.st_dev, st.st_ino}, n.word);
    }
    if (ours.empty()) return {};
    // Linux 6.18 cannot tell who else holds a namespace: look at each
    // process that could. Those are the host's (host_pids: every cgroup but
    // the zones' scopes, so the cost does not grow with the zones); every
    // process when that cannot be read whole, or without systemd. Another
    // zone's process cannot enter our namespaces (it has no capability in
    // our user namespace); it could only hold one as an fd that our zone's
    // root passed it over a socket in a directory both zones mount, and
    // that is not looked for: it keeps the namespace's mounts alive, it
    // gives no way into them.
    // Streamed, once per halt; each process's files are looked up relative
    // to its /proc directory, not from "/" again.
    // A zombie (an adopted init waiting for a reaper that is not zoneadmd)
    // holds nothing that matters: its fd table and nsproxy are gone, and
    // the PID namespace its struct pid keeps has no mounts or devices.
    const pid_t self = ::getpid();
    auto of = [&](int dir, const char* name) -> const char* {
        struct stat st {};
        if (::fstatat(dir, name, &st, 0) < 0) return nullptr;
        auto it = ours.find(Key{st.st_dev, st.st_ino});
        return it == ours.end() ? nullptr : it->second;
    };
    // zoneadmd (our own binary) holds its own zone's namespaces and nothing
    // of ours: its fd table (a score of fds) is not read. Its namespace
    // links still are.
    struct stat me {};
    const bool know_me = ::stat("/proc/self/exe", &me) == 0;
    auto zoneadmd = [&](int dir) {
        struct stat st {};
        return know_me && ::fstatat(dir, "exe", &st, 0) == 0 && st.st_dev == me.st_dev && st.st_ino == me.st_ino;
    };
    // A process's namespace links are read, not stat'ed: a stat makes the
    // kernel build an nsfs inode for each namespace nobody has open (every
    // other zone's), readlink only formats "net:[INODE]".
    std::map<ino_t, const char*> by_ino;
    for (const auto& [k, word] : ours) by_ino.emplace(k.second, word);
    auto link_of = [&](int dir, const char* name) -> const char* {
        char buf[64];
        const ssize_t n = ::readlinkat(dir, name, buf, sizeof buf - 1);
        if (n <= 0) return nullptr;
        buf[n] = '\0';
        const char* lb = std::strchr(buf, '[');
        if (!lb) return nullptr;
        auto it = by_ino.find(static_cast<ino_t>(std::strtoull(lb + 1, nullptr, 10)));
        return it == by_ino.end() ? nullptr : it->second;
    };
    std::vector<pid_t> who;
    const char* which = "";
    Fd proc(::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!proc) return {};
    std::size_t n_looked = 0;
    auto look = [&](pid_t pid) {
        if (pid == self) return;
        ++n_looked;
        char name[16];
        std::snprintf(name, sizeof name, "%d", static_cast<int>(pid));
        Fd pd(::openat(proc.get(), name, O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (!pd) return;
        const char* held = nullptr;
        for (const char* n : {"ns/mnt", "ns/uts", "ns/net", "ns/cgroup", "ns/ipc", "ns/pid"})
            if ((held = link_of(pd.get(), n))) break;
        // An open nsfs file (exec 3</proc/PID/ns/mnt) holds it as well.
        if (!held && !zoneadmd(pd.get()))
            if (int fdd = ::openat(pd.get(), "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC); fdd >= 0) {
                if (DIR* fds = ::fdopendir(fdd)) {
                    while (dirent* f = ::readdir(fds))
                        if (f->d_name[0] != '.' && (held = of(fdd, f->d_name))) break;
                    ::closedir(fds);
                } else {
                    ::close(fdd);
                }
            }
        if (held && zombie(pd.get())) held = nullptr;
        if (held && std::find(who.begin(), who.end(), pid) == who.end()) {
            if (who.empty()) which = held;
            who.push_back(pid);
        }
    };
    if (!host_pids || !host_pids(look)) {
        DIR* all = ::opendir("/proc");
        if (!all) return {};
        while (dirent* e = ::readdir(all))
            if (is_pid(e->d_name)) look(static_cast<pid_t>(std::atoi(e->d_name)));
        ::closedir(all);
    }
    if (looked) *looked = n_looked;
    if (who.empty()) return {};
    std::sort(who.begin(), who.end());
    return fmt::format("{} {} {} the zone's {} namespace", who.size() == 1 ? "process" : "processes",
                       describe_pids(who), who.size() == 1 ? "holds" : "hold", which);
}

}  // namespace zones::zoneadmd
