#include "namespaces.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include <fmt/format.h>

#include "process.hpp"
#include "sys/line_reader.hpp"
#include "sys/mountinfo.hpp"

#ifndef NS_GET_MNTNS_ID
#define NS_GET_MNTNS_ID _IOR(0xb7, 0x5, __u64)
#endif

namespace zones::zoneadmd {

std::uint64_t mnt_ns_id() {
    Fd f(::open("/proc/thread-self/ns/mnt", O_RDONLY | O_CLOEXEC));
    __u64 id = 0;
    if (!f || ::ioctl(f.get(), NS_GET_MNTNS_ID, &id) < 0) return 0;
    return id;
}

std::string ensure_mnt_ns_newer_than(std::uint64_t than) {
    auto newer = [than] { const std::uint64_t id = mnt_ns_id(); return id == 0 || id > than; };
    if (than == 0 || newer()) return {};
    cpu_set_t all;
    CPU_ZERO(&all);
    const bool pinnable = ::sched_getaffinity(0, sizeof all, &all) == 0;
    bool ok = false;
    std::string err;
    for (int cpu = 0; pinnable && !ok && err.empty() && cpu < CPU_SETSIZE; ++cpu) {
        if (!CPU_ISSET(cpu, &all)) continue;
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        if (::sched_setaffinity(0, sizeof one, &one) < 0) continue;
        if (::unshare(CLONE_NEWNS) < 0) err = errno_text("unshare mount namespace", errno);
        else ok = newer();
    }
    if (pinnable) ::sched_setaffinity(0, sizeof all, &all);
    // Last resort (THAN's CPU not allowed to us): a batch lasts 4096 ids,
    // the next one is above every id issued so far.
    for (int i = 0; !ok && err.empty() && i < 2 * 4096; ++i) {
        if (::unshare(CLONE_NEWNS) < 0) err = errno_text("unshare mount namespace", errno);
        else ok = newer();
    }
    if (!err.empty()) return err;
    if (!ok) return fmt::format("no mount namespace with an id above {} (the pin would be refused)", than);
    return {};
}

std::string make_run_private(const std::string& run) {
    // Two first zoneadmds at once must not stack two binds (the lower one's
    // pins would vanish from view): serialise on a lock of RUN itself.
    Fd dir(::open(run.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir || ::flock(dir.get(), LOCK_EX) < 0) return errno_text(run, errno);
    // A mount root has a different mount id than its parent directory.
    struct statx a {}, b {};
    if (::statx(AT_FDCWD, run.c_str(), 0, STATX_MNT_ID, &a) < 0) return errno_text(run, errno);
    if (::statx(AT_FDCWD, (run + "/..").c_str(), 0, STATX_MNT_ID, &b) < 0) return errno_text(run, errno);
    const bool is_mount = a.stx_mnt_id != b.stx_mnt_id || (a.stx_attributes & STATX_ATTR_MOUNT_ROOT);
    if (!is_mount && ::mount(run.c_str(), run.c_str(), nullptr, MS_BIND, nullptr) < 0)
        return errno_text(fmt::format("bind {}", run), errno);
    if (::mount(nullptr, run.c_str(), nullptr, MS_PRIVATE, nullptr) < 0)
        return errno_text(fmt::format("make-private {}", run), errno);
    return {};
}

namespace {

constexpr const char* kTemplate = "/.mnt";

// Every mount of the calling thread's table, streamed; F returns false to stop.
template <typename F>
void each_mount(F&& f) {
    sys::LineReader r = sys::LineReader::open("/proc/thread-self/mountinfo");
    sys::MountInfo m;
    for (std::string_view line; r.next(line);)
        if (sys::parse_mountinfo(line, m) && !f(m)) return;
}

// "/" of the calling thread's table carries TAG ("shared:", "master:")?
// The first "/" line when FIRST (the host's own root: no scan of the
// rest), else the last (the root on top).
bool root_has(std::string_view tag, bool first) {
    bool found = false;
    each_mount([&](const sys::MountInfo& m) {
        if (m.point != "/") return true;
        found = m.optional.find(tag) != std::string_view::npos;
        return !first;
    });
    return found;
}

// In a child (host credentials, single-threaded): a copy of the host's
// table as a slave of it, RUN replaced by a clone of RUN's mount alone.
int make_template(const std::string& run, std::uint64_t host, int sock) {
    std::string e;
    if (::unshare(CLONE_NEWNS) < 0) e = errno_text("unshare mount namespace", errno);
    if (e.empty()) e = ensure_mnt_ns_newer_than(host);
    if (e.empty() && ::mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) < 0)
        e = errno_text("make-rslave /", errno);
    Fd tree;
    if (e.empty() && !(tree = Fd(::open_tree(AT_FDCWD, run.c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC))))
        e = errno_text(fmt::format("clone {}", run), errno);
    if (e.empty() && ::umount2(run.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) < 0)
        e = errno_text(fmt::format("detach {}", run), errno);
    if (e.empty() && ::move_mount(tree.get(), "", AT_FDCWD, run.c_str(), MOVE_MOUNT_F_EMPTY_PATH) < 0)
        e = errno_text(fmt::format("attach {}", run), errno);
    // No other namespace pin either (another store root's zones, an `ip
    // netns`): the template would keep them alive.
    if (e.empty()) {
        std::vector<std::string> pins;
        each_mount([&](const sys::MountInfo& m) {
            if (m.type == "nsfs") pins.push_back(sys::unescape_mountinfo(m.point));
            return true;
        });
        for (auto it = pins.rbegin(); it != pins.rend(); ++it) ::umount2(it->c_str(), MNT_DETACH | UMOUNT_NOFOLLOW);
    }
    if (e.empty() && !root_has("master:", false)) e = "shared";   // not an error: no template
    send_fds(sock, e.empty() ? "ok" : e);
    char b;
    [[maybe_unused]] ssize_t n = ::read(sock, &b, 1);   // until pinned
    return 0;
}

}  // namespace

std::string open_mnt_template(const std::string& run, Fd& out) {
    const std::string pin = run + kTemplate;
    Fd dir(::open(run.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir || ::flock(dir.get(), LOCK_EX) < 0) return errno_text(run, errno);
    struct statfs sf {};
    if (::statfs(pin.c_str(), &sf) == 0 && sf.f_type == NSFS_MAGIC) {
        out = Fd(::open(pin.c_str(), O_RDONLY | O_CLOEXEC));
        return out ? std::string() : errno_text(pin, errno);
    }
    // The host's own "/" (its first line: no scan) must be shared for
    // later mounts to reach a template; else none is made (and no copy of
    // the host's table is made to find that out).
    if (!root_has("shared:", true)) return {};
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return errno_text("socketpair", errno);
    Fd mine(sv[0]), theirs(sv[1]);
    const std::uint64_t host = mnt_ns_id();
    bool into_v2 = false;
    std::string err;
    Child c = spawn(0, -1, into_v2, [&] { mine.reset(); return make_template(run, host, theirs.get()); }, err);
    if (!c) return err;
    theirs.reset();
    std::string text;
    std::vector<Fd> none;
    if (!recv_fds(mine.get(), text, none)) text = "template maker died";
    if (text == "shared") return {};   // "/" is not shared: no template
    if (text != "ok") return fmt::format("mount namespace template: {}", text);
    {
        Fd f(::open(pin.c_str(), O_CREAT | O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0400));
        if (!f) return errno_text(pin, errno);
    }
    if (::mount(fmt::format("/proc/{}/ns/mnt", c.pid()).c_str(), pin.c_str(), nullptr, MS_BIND, nullptr) < 0)
        return errno_text(fmt::format("pin {}", pin), errno);
    send_fds(mine.get(), "x");
    int code = 0, status = 0;
    c.wait(code, status);
    out = Fd(::open(pin.c_str(), O_RDONLY | O_CLOEXEC));
    return out ? std::string() : errno_text(pin, errno);
}

void drop_mnt_template(const std::string& run, int tmpl) {
    const std::string pin = run + kTemplate;
    Fd dir(::open(run.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir || ::flock(dir.get(), LOCK_EX) < 0) return;
    // Not a fresher one another zoneadmd made meanwhile (nsfs: the inode is
    // the namespace).
    struct stat a {}, b {};
    if (::fstat(tmpl, &a) == 0 && ::stat(pin.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        ::umount2(pin.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW);
}

std::string pin_namespaces(pid_t pid, const std::string& dir, int userns) {
    // DIR becomes a mount of its own (a clone of itself) with the pins on
    // its files: halt detaches it with every pin in one umount (one RCU
    // grace period, one change of the host's mount table for systemd to
    // reread, instead of five). Attached before the pins are moved onto it:
    // Linux before 6.15 mounts nothing onto a detached tree.
    if (::mkdir(dir.c_str(), 0700) < 0 && errno != EEXIST) return errno_text(dir, errno);
    Fd tree(::open_tree(AT_FDCWD, dir.c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
    if (!tree) return errno_text(fmt::format("clone {}", dir), errno);
    if (::move_mount(tree.get(), "", AT_FDCWD, dir.c_str(), MOVE_MOUNT_F_EMPTY_PATH) < 0)
        return errno_text(fmt::format("attach {}", dir), errno);
    auto pin = [&](const char* ns, const std::string& src) -> std::string {
        const std::string file = dir + "/" + ns;
        Fd f(::openat(tree.get(), ns, O_CREAT | O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0400));
        if (!f) return errno_text(file, errno);
        Fd m(::open_tree(AT_FDCWD, src.c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
        if (!m || ::move_mount(m.get(), "", tree.get(), ns, MOVE_MOUNT_F_EMPTY_PATH) < 0)
            return errno_text(fmt::format("pin {}", file), errno);
        return {};
    };
    if (userns >= 0)
        if (std::string e = pin("user", fmt::format("/proc/self/fd/{}", userns)); !e.empty()) return e;
    for (const char* ns : kPinned)
        if (std::string e = pin(ns, fmt::format("/proc/{}/ns/{}", pid, ns)); !e.empty()) return e;
    return {};
}

bool pins_present(const std::string& dir) {
    for (const char* ns : kPinned) {
        struct statfs sf {};
        if (::statfs((dir + "/" + ns).c_str(), &sf) < 0 || sf.f_type != NSFS_MAGIC) return false;
    }
    return true;
}

std::string open_pins(const std::string& dir, PinnedFds& out) {
    for (std::size_t i = 0; i < kPinned.size(); ++i) {
        const std::string pin = dir + "/" + kPinned[i];
        out.fd[i] = Fd(::open(pin.c_str(), O_RDONLY | O_CLOEXEC));
        if (!out.fd[i]) return errno_text(pin, errno);
    }
    struct statfs sf {};
    const std::string user = dir + "/user";
    if (::statfs(user.c_str(), &sf) == 0 && sf.f_type == NSFS_MAGIC) {
        out.user = Fd(::open(user.c_str(), O_RDONLY | O_CLOEXEC));
        if (!out.user) return errno_text(user, errno);
    }
    return {};
}

std::string make_userns(std::uint32_t base, Fd& out, NsMaker* maker) {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return errno_text("socketpair", errno);
    Fd mine(sv[0]), theirs(sv[1]);
    bool into_v2 = false;
    std::string err;
    // The child holds the namespace until we have it open; a maker then
    // waits for its word (NsMaker), any other exits on our end's close.
    Child c = spawn(CLONE_NEWUSER, -1, into_v2, [&] {
        mine.reset();
        const int s = theirs.get();
        char b;
        if (::read(s, &b, 1) != 1 || b != 'n') return 0;
        if (::unshare(CLONE_NEWUTS | CLONE_NEWNET | CLONE_NEWCGROUP) < 0) {
            send_fds(s, errno_text("namespaces in the zone's user namespace", errno));
            return 1;
        }
        std::vector<Fd> ns;
        for (const char* f : {"/proc/thread-self/ns/uts", "/proc/thread-self/ns/net", "/proc/thread-self/ns/cgroup"}) {
            ns.emplace_back(::open(f, O_RDONLY | O_CLOEXEC));
            if (!ns.back()) {
                send_fds(s, errno_text(f, errno));
                return 1;
            }
        }
        return send_fds(s, "ok", {ns[0].get(), ns[1].get(), ns[2].get()}) ? 0 : 1;
    }, err);
    if (!c) return err;
    theirs.reset();
    const std::string map = fmt::format("0 {} 65536\n", base);
    for (const char* f : {"uid_map", "gid_map"}) {
        const std::string path = fmt::format("/proc/{}/{}", c.pid(), f);
        if (!sys::write_file(path, map)) return errno_text(fmt::format("write {}", path), errno);
    }
    const std::string ns = fmt::format("/proc/{}/ns/user", c.pid());
    out = Fd(::open(ns.c_str(), O_RDONLY | O_CLOEXEC));
    if (!out) return errno_text(ns, errno);
    if (maker) {
        maker->child = std::move(c);
        maker->sock = std::move(mine);
        maker->started = false;
        return {};
    }
    mine.reset();
    int code = 0, status = 0;
    c.wait(code, status);
    return {};
}

std::string start_owned_namespaces(NsMaker& m) {
    if (!m) return "the zone's user namespace has no maker";
    if (!m.started && !send_fds(m.sock.get(), "n")) return errno_text("namespaces in the zone's user namespace", errno);
    m.started = true;
    return {};
}

std::string take_owned_namespaces(NsMaker& m, std::vector<Fd>& out) {
    NsMaker mk = std::exchange(m, NsMaker());
    if (std::string e = start_owned_namespaces(mk); !e.empty()) return e;
    std::string text;
    std::vector<Fd> fds;
    if (!recv_fds(mk.sock.get(), text, fds)) return "namespaces in the zone's user namespace: their maker died";
    if (text != "ok") return text;
    if (fds.size() != 3) return "namespaces in the zone's user namespace: not all sent";
    out = std::move(fds);
    m.child = std::move(mk.child);   // exiting: reaped later, off the platform's way
    return {};
}

void unpin_namespaces(const std::string& dir) {
    // DIR's own mount with every pin below it, at once (pin_namespaces).
    while (::umount2(dir.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) == 0) {}
    for (const char* ns : {"mnt", "uts", "net", "cgroup", "user"}) {
        const std::string pin = dir + "/" + ns;
        while (::umount2(pin.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) == 0) {}
        ::unlink(pin.c_str());
    }
    ::rmdir(dir.c_str());
}

}  // namespace zones::zoneadmd
