#include "cgroup.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <string_view>
#include <thread>

#include "log.hpp"
#include "sys/line_reader.hpp"
#include "sys/mountinfo.hpp"
#include "zones/scope_name.hpp"
#include "zones/tree_walk.hpp"

namespace zones::zoneadmd {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> v;
    for (std::size_t p = 0;;) {
        std::size_t e = s.find(sep, p);
        v.push_back(s.substr(p, e == std::string_view::npos ? std::string_view::npos : e - p));
        if (e == std::string_view::npos) return v;
        p = e + 1;
    }
}

std::string basename_of(std::string_view p) {
    auto i = p.rfind('/');
    return std::string(i == std::string_view::npos ? p : p.substr(i + 1));
}

std::string dirname_of(std::string_view p) {
    auto i = p.rfind('/');
    return i == 0 || i == std::string_view::npos ? "/" : std::string(p.substr(0, i));
}

// One line of /proc/self/cgroup and, once found, its hierarchy's mount.
struct CgroupLine {
    std::string controllers;   // "cpu,cpuacct", "name=systemd", "" (v2)
    bool v2 = false;
    std::string path;          // as /proc/self/cgroup names it
    std::string mount, mount_root;
};

// Does this mountinfo line mount the hierarchy of `c` (v1: every controller
// named in the super options)? Sets its mount point and root.
bool match_mount(std::string_view line, CgroupLine& c) {
    sys::MountInfo m;
    if (!sys::parse_mountinfo(line, m)) return false;
    if (c.v2) {
        if (m.type != "cgroup2") return false;
    } else {
        if (m.type != "cgroup") return false;
        auto opts = split(m.super_options, ',');
        for (auto want : split(c.controllers, ','))
            if (std::find(opts.begin(), opts.end(), want) == opts.end()) return false;
    }
    c.mount_root = m.root == "/" ? "" : std::string(m.root);
    c.mount = std::string(m.point);
    return true;
}

// The mount of each hierarchy, first match wins, from /proc/self/mountinfo
// streamed line by line. The host's mount table grows with every zone (its
// pins, its roots), but the cgroup hierarchies are mounted at boot, near
// its start: reading stops once every hierarchy is found, so a zone's
// start does not cost more with more zones. False if mountinfo cannot be
// read; a hierarchy without a mount keeps an empty `mount`.
bool find_mounts(std::vector<CgroupLine>& lines) {
    std::size_t left = lines.size();
    sys::LineReader mi = sys::LineReader::open("/proc/self/mountinfo");
    for (std::string_view l; left && mi.next(l);) {
        if (l.find(" - cgroup") == std::string_view::npos) continue;
        for (CgroupLine& c : lines)
            if (c.mount.empty() && match_mount(l, c)) --left;
    }
    return !mi.failed();
}

// "" or "PATH: strerror".
std::string write_cgroup(const std::string& path, std::string_view data) {
    return sys::write_file(path, data) ? std::string() : errno_text(path, errno);
}

// The cgroups of payload/ are the zone's to make (a zone's systemd makes
// sub-cgroups), as many and as deep as it likes: walked with tree::walk
// (no path, no fd per level), cgroup.procs streamed line by line (a zone
// with many tasks is never read as one with none).

// fn(pid) for every PID in cgroup.procs at `rel` below `dir_fd`. false
// when it could not be read whole (a cgroup gone before its open, ENOENT
// or ENODEV, held nothing: true).
template <class Fn>
bool for_each_pid(int dir_fd, const std::string& rel, Fn fn) {
    Fd f(::openat(dir_fd, rel.c_str(), O_RDONLY | O_CLOEXEC));
    if (!f) return errno == ENOENT || errno == ENODEV;
    sys::LineReader r(f.get());
    for (std::string_view line; r.next(line);) {
        const long pid = std::strtol(std::string(line).c_str(), nullptr, 10);
        if (pid > 0) fn(static_cast<pid_t>(pid));
    }
    return !r.failed();
}

// fn(pid) for every PID in the cgroup `dir` and every cgroup below it.
// `skip(st)`: leave that cgroup and everything below it out. false when a
// part of the tree could not be read (see for_each_pid).
template <class Fn, class Skip>
bool for_each_pid_below(const std::string& dir, Fn fn, Skip skip) {
    Fd root(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root) return errno == ENOENT;
    bool whole = for_each_pid(root.get(), "cgroup.procs", fn);
    // Subdirectories only (by d_type): a cgroup's files are not lstat'ed.
    const std::string e = tree::walk(
        root.get(), dir,
        [&](int dir_fd, const char* name, const struct stat& st, std::string&) {
            if (!S_ISDIR(st.st_mode) || skip(st)) return tree::Step::Skip;
            whole = for_each_pid(dir_fd, std::string(name) + "/cgroup.procs", fn) && whole;
            return tree::Step::Descend;
        },
        [](const struct stat&) { return false; });
    return whole && e.empty();
}

template <class Fn>
bool for_each_pid_below(const std::string& dir, Fn fn) {
    return for_each_pid_below(dir, fn, [](const struct stat&) { return false; });
}

// rmdir of a cgroup tree, the deepest first (their files go with them).
void rmdir_tree(const std::string& dir) {
    if (Fd root(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)); root)
        (void)tree::remove_contents(root.get(), dir, tree::Remove::Directories);
    ::rmdir(dir.c_str());
}

// SIGKILL every pid of a v1 tree; true when nothing was left.
bool kill_tree(const std::string& dir) {
    bool empty = true;
    for_each_pid_below(dir, [&](pid_t pid) {
        empty = false;
        ::kill(pid, SIGKILL);
    });
    return empty;
}

// mkdir a cgroup; a v1 cpuset one starts with empty cpus/mems and would
// refuse every task (ENOSPC): give it the parent's.
std::string make_cgroup(const std::string& dir) {
    if (::mkdir(dir.c_str(), 0755) < 0) {
        if (errno == EEXIST) return {};
        return errno_text(dir, errno);
    }
    for (const char* f : {"/cpuset.cpus", "/cpuset.mems"}) {
        std::string v;
        if (::access((dir + f).c_str(), F_OK) == 0 && read_file(dirname_of(dir) + f, v))
            if (std::string e = write_cgroup(dir + f, v); !e.empty()) return e;
    }
    return {};
}

}  // namespace

std::vector<pid_t> cgroup_pids(const std::string& dir) {
    std::vector<pid_t> v;
    for_each_pid_below(dir, [&](pid_t pid) { v.push_back(pid); });
    return v;
}

bool Cgroups::for_each_host_pid(const std::function<void(pid_t)>& fn) const {
    if (test_) return false;
    const Hierarchy* all = nullptr;   // the hierarchy every process is in
    for (const auto& h : h_)
        if (h.v2) all = &h;
    for (const auto& h : h_)
        if (!all && h.systemd) all = &h;
    if (!all) return false;
    const std::string slice = dirname_of(all->scope);
    struct stat sl {};
    if (basename_of(slice) != "zones.slice" || ::stat(slice.c_str(), &sl) < 0) return false;
    auto same = [&sl](const struct stat& st) { return st.st_dev == sl.st_dev && st.st_ino == sl.st_ino; };
    // Anything not read whole: false, and the caller looks at every
    // process instead (fail closed).
    if (!for_each_pid_below(all->mount, fn, same)) return false;
    // In the slice: its own processes and those of what is not a zone's
    // scope (an install's bootstrap); the zones' scopes are listed by
    // name only, not read.
    Fd d(::open(slice.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!d || !for_each_pid(d.get(), "cgroup.procs", fn)) return false;
    DIR* dir = ::fdopendir(d.release());
    if (!dir) return false;
    bool whole = true;
    errno = 0;
    while (const dirent* e = ::readdir(dir)) {
        const std::string_view n = e->d_name;
        if (e->d_type != DT_DIR || n == "." || n == "..") continue;
        const bool zone_scope = n.rfind("zone-", 0) == 0 && n.rfind("zone-install-", 0) != 0 && n.size() > 11 &&
                                n.substr(n.size() - 6) == ".scope";
        if (!zone_scope) whole = for_each_pid_below(slice + "/" + std::string(n), fn) && whole;
        errno = 0;
    }
    whole = whole && errno == 0;
    ::closedir(dir);
    return whole;
}

std::vector<pid_t> Cgroups::payload_pids() const {
    for (const auto& h : h_)
        if (h.v2) return cgroup_pids(h.scope + "/payload");
    for (const auto& h : h_)
        if (h.systemd || h_.size() == 1) return cgroup_pids(h.scope + "/payload");
    return {};
}

std::string Cgroups::discover(const std::string& zone) {
    std::vector<CgroupLine> lines;
    sys::LineReader self = sys::LineReader::open("/proc/self/cgroup");
    for (std::string_view line; self.next(line);) {
        auto f = split(line, ':');
        if (f.size() < 3) continue;
        CgroupLine c;
        c.v2 = f[0] == "0" && f[1].empty();
        c.controllers = std::string(f[1]);
        c.path = std::string(line.substr(f[0].size() + f[1].size() + 2));
        lines.push_back(std::move(c));
    }
    if (self.failed() || !find_mounts(lines)) return "cannot read /proc/self/cgroup";
    const char* test = sys::test_hook(sys::Hook::TestCgroup);   // a cgroup name of the test's own
    test_ = test != nullptr;
    const std::string unit = zone_scope_unit(zone);   // escaped as zonesd named it: a-b is zone-a\x2db.scope
    for (const CgroupLine& c : lines) {
        const bool v2 = c.v2;
        std::string path = c.path;
        const std::string& root = c.mount_root;
        const std::string& mount = c.mount;
        if (mount.empty()) continue;
        if (!root.empty() && path.rfind(root, 0) == 0) path = path.substr(root.size());
        if (path.empty()) path.push_back('/');
        Hierarchy h;
        h.mount = mount;
        h.v2 = v2;
        h.systemd = c.controllers == "name=systemd";
        std::string p = path;
        if (basename_of(p) == "supervisor") p = dirname_of(p);   // adopted: already below the scope
        if (test_) {
            if (basename_of(p) != test) {
                if (p == "/") p.clear();
                p.append("/").append(test);
            }
        } else if (basename_of(p) != unit) {
            continue;   // a hierarchy the scope does not have (v1 freezer, cpuset, ...)
        }
        h.scope = mount + p;
        h.original = dirname_of(h.scope);
        if (test_)
            if (std::string e = make_cgroup(h.scope); !e.empty()) return e;
        h_.push_back(std::move(h));
    }
    if (h_.empty()) return fmt::format("zoneadmd is not in {}", unit);
    return {};
}

std::string Cgroups::setup() {
    for (auto& h : h_) {
        for (const char* sub : {"/supervisor", "/payload"})
            if (std::string e = make_cgroup(h.scope + sub); !e.empty()) return e;
        if (std::string e = write_cgroup(h.scope + "/supervisor/cgroup.procs", "0"); !e.empty()) return e;
    }
    return {};
}

std::vector<std::string> Cgroups::payload_dirs() const {
    std::vector<std::string> v;
    for (const auto& h : h_) v.push_back(h.scope + "/payload");
    return v;
}

Fd Cgroups::payload_v2_fd() const {
    if (killed_) return Fd();
    for (const auto& h : h_)
        if (h.v2) return Fd(::open((h.scope + "/payload").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    return Fd();
}

std::string Cgroups::attach(pid_t pid, bool skip_v2) const {
    const std::string s = std::to_string(pid);
    for (const auto& h : h_)
        if (!(h.v2 && skip_v2))
            if (std::string e = write_cgroup(h.scope + "/payload/cgroup.procs", s); !e.empty()) return e;
    return {};
}

namespace {
// Beside systemd's units in the zone's root cgroup (LXC's attach leaf is
// ".lxc"): a name no unit has (theirs end in .slice, .scope...).
constexpr const char* kSessionLeaf = "/payload/.zlogin";
}  // namespace

std::string Cgroups::session_v2_fd(bool leaf, Fd& fd) const {
    fd = Fd();
    if (!leaf) {
        fd = payload_v2_fd();
        return {};
    }
    if (killed_) return {};
    for (const auto& h : h_)
        if (h.v2) {
            const std::string dir = h.scope + kSessionLeaf;
            if (std::string e = make_cgroup(dir); !e.empty()) return e;
            fd = Fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
            if (!fd) return errno_text(dir, errno);
        }
    return {};
}

std::string Cgroups::attach_session(pid_t pid, bool skip_v2, bool leaf) const {
    if (!leaf) return attach(pid, skip_v2);
    const std::string s = std::to_string(pid);
    for (const auto& h : h_) {
        if (h.v2 && skip_v2) continue;
        const bool zone_owned = h.v2 || h.systemd;
        const std::string dir = h.scope + (zone_owned ? kSessionLeaf : "/payload");
        if (zone_owned)
            if (std::string e = make_cgroup(dir); !e.empty()) return e;
        if (std::string e = write_cgroup(dir + "/cgroup.procs", s); !e.empty()) return e;
    }
    return {};
}

bool Cgroups::payload_pid(pid_t pid) const {
    std::string text;
    if (!read_file(fmt::format("/proc/{}/cgroup", pid), text)) return false;
    for (const auto& h : h_)
        if (h.v2 || h.systemd) {
            std::string rel = h.scope.substr(h.mount.size()) + "/payload";
            return text.find(":" + rel + "\n") != std::string::npos ||
                   text.find(":" + rel + "/") != std::string::npos;
        }
    return false;
}

void Cgroups::kill_payload() const {
    for (const auto& h : h_)
        if (h.v2) {
            std::string ev;
            if (read_file(h.scope + "/payload/cgroup.events", ev) && ev.find("populated 0") != std::string::npos)
                return;   // nothing there: spare the kill (and its race with the next clone)
        }
    for (const auto& h : h_)
        if (h.v2 && write_cgroup(h.scope + "/payload/cgroup.kill", "1").empty()) {
            killed_ = true;
            // cgroup.kill is asynchronous: wait until the tree is empty.
            for (int i = 0; i < 500; ++i) {
                std::string ev;
                if (!read_file(h.scope + "/payload/cgroup.events", ev) || ev.find("populated 0") != std::string::npos)
                    return;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            return;
        }
    // Legacy v1 only: SIGKILL loop over the tracking hierarchy.
    for (const auto& h : h_)
        if (h.systemd || h_.size() == 1) {
            for (int i = 0; i < 500 && !kill_tree(h.scope + "/payload"); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            return;
        }
}

CgroupLayout Cgroups::layout() const {
    bool v2 = false, named = false;
    for (const auto& h : h_) {
        v2 = v2 || h.v2;
        named = named || h.systemd;
    }
    if (v2) return named ? CgroupLayout::Hybrid : CgroupLayout::Unified;
    return named ? CgroupLayout::Legacy : CgroupLayout::None;
}

std::string Cgroups::delegate_payload(std::uint32_t uid) const {
    // systemd's list (nspawn-cgroup.c does the same): v2 delegation files
    // and the v1 ones of the tracking hierarchy.
    static constexpr const char* kFiles[] = {".", "cgroup.procs", "cgroup.threads", "cgroup.subtree_control",
                                             "memory.oom.group", "memory.reclaim", "tasks",
                                             "cgroup.clone_children", "notify_on_release"};
    for (const auto& h : h_) {
        if (!h.v2 && !h.systemd) continue;
        const std::string dir = h.scope + "/payload";
        Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!d) return errno_text(dir, errno);
        for (const char* f : kFiles)
            if (::fchownat(d.get(), f, uid, uid, AT_SYMLINK_NOFOLLOW) < 0 &&
                errno != ENOENT)
                return errno_text(dir + "/" + f, errno);
    }
    return {};
}

void Cgroups::remove() {
    for (auto& h : h_) {
        rmdir_tree(h.scope + "/payload");
        // Under systemd we stay in supervisor/ and exit: the scope then
        // empties and systemd removes its whole tree, supervisor/ too. A
        // move of our own would wait for an RCU grace period on every v1
        // hierarchy (5-20 ms of each halt on a hybrid host).
        if (!test_) continue;
        if (std::string e = write_cgroup(h.original + "/cgroup.procs", "0"); !e.empty())
            logf(4, "cannot leave supervisor cgroup: {}", e);
        ::rmdir((h.scope + "/supervisor").c_str());
        ::rmdir(h.scope.c_str());
    }
}

}  // namespace zones::zoneadmd
