#include "busy.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <map>

#include <fmt/format.h>

namespace zones::zoneadmd {
namespace {

// A namespace is its nsfs inode (a pin's /proc/self/fd link shows the
// pin's path, not "mnt:[…]", so compare inodes, not link text).
using Key = std::pair<dev_t, ino_t>;
Key key_of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) < 0) return {0, 0};
    return {st.st_dev, st.st_ino};
}

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

std::string namespace_holders(const std::vector<HeldNs>& ns) {
    std::map<Key, const char*> ours;
    for (const HeldNs& n : ns) {
        struct stat st {};
        if (::fstat(n.fd, &st) == 0) ours.emplace(Key{st.st_dev, st.st_ino}, n.word);
    }
    if (ours.empty()) return {};
    const std::string self = std::to_string(::getpid());
    std::vector<pid_t> who;
    const char* which = "";
    DIR* proc = ::opendir("/proc");
    if (!proc) return {};
    while (dirent* e = ::readdir(proc)) {
        if (!is_pid(e->d_name) || self == e->d_name) continue;
        const std::string base = std::string("/proc/") + e->d_name;
        // A zombie holds nothing (an adopted init waits for its reaper).
        std::string stat;
        if (!read_file(base + "/stat", stat)) continue;
        if (auto rp = stat.rfind(')'); rp != std::string::npos && rp + 2 < stat.size() && stat[rp + 2] == 'Z')
            continue;
        bool holds = false;
        for (const char* n : {"mnt", "uts", "net", "cgroup", "ipc", "pid"})
            if (auto it = holds ? ours.end() : ours.find(key_of(base + "/ns/" + n)); it != ours.end()) {
                holds = true;
                if (who.empty()) which = it->second;
            }
        // An open nsfs file (exec 3</proc/PID/ns/mnt) holds it as well.
        if (!holds)
            if (DIR* fds = ::opendir((base + "/fd").c_str())) {
                while (dirent* f = ::readdir(fds)) {
                    if (f->d_name[0] == '.') continue;
                    if (auto it = ours.find(key_of(base + "/fd/" + f->d_name)); it != ours.end()) {
                        holds = true;
                        if (who.empty()) which = it->second;
                        break;
                    }
                }
                ::closedir(fds);
            }
        if (holds) who.push_back(static_cast<pid_t>(std::atoi(e->d_name)));
    }
    ::closedir(proc);
    if (who.empty()) return {};
    return fmt::format("{} {} {} the zone's {} namespace", who.size() == 1 ? "process" : "processes",
                       describe_pids(who), who.size() == 1 ? "holds" : "hold", which);
}

}  // namespace zones::zoneadmd
