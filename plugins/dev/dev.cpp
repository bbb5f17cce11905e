// dev: a minimal /dev for the zone (tmpfs 0755, nosuid, noexec): the basic
// character devices, a private devpts instance with ptmx, shm, the fd
// links, a /dev/console mount point (zoneadmd binds the console pty slave
// there, allocated from this devpts), and the nodes the `device` resources
// match on the host. Nodes are made with mknod in our own fresh tmpfs (no
// zone-controlled path is involved once /dev is mounted). At setup_host the
// payload cgroup's device controller is cut to exactly these nodes
// (devcgroup.hpp): nothing else can be opened, nothing can be created.
#include <fcntl.h>
#include <glob.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/mount_util.hpp"
#include "devcgroup.hpp"
#include "zones/subsystem.hpp"

namespace {

using zones::Context;
using zones::Result;
using namespace zones::plugin;

struct Node {
    const char* name;
    unsigned major, minor;
};
constexpr Node kNodes[] = {
    {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
};

constexpr const char* kLinks[][2] = {
    {"ptmx", "pts/ptmx"},           {"fd", "/proc/self/fd"},         {"stdin", "/proc/self/fd/0"},
    {"stdout", "/proc/self/fd/1"},  {"stderr", "/proc/self/fd/2"},
};

// mkdir -p of the parents of rel inside the fresh /dev.
Status make_parents(int dev, const std::string& rel) {
    for (std::size_t p = rel.find('/'); p != std::string::npos; p = rel.find('/', p + 1)) {
        std::string d = rel.substr(0, p);
        if (::mkdirat(dev, d.c_str(), 0755) < 0 && errno != EEXIST) return errno_status("/dev/" + d, errno);
    }
    return {};
}

struct HostNode {
    std::string path;   // /dev/...
    struct stat st;
};

// The host nodes a `device` match names (a glob on host /dev paths):
// character and block devices only, never through "..".
Status matched_nodes(const std::string& match, std::vector<HostNode>& out) {
    if (match.rfind("/dev/", 0) != 0 || match.find("/../") != std::string::npos)
        return {fmt::format("device match '{}' is not below /dev", match)};
    glob_t g{};
    int r = ::glob(match.c_str(), GLOB_NOSORT, nullptr, &g);
    for (std::size_t i = 0; r == 0 && i < g.gl_pathc; ++i) {
        HostNode n{g.gl_pathv[i], {}};
        if (::lstat(n.path.c_str(), &n.st) < 0 || !(S_ISCHR(n.st.st_mode) || S_ISBLK(n.st.st_mode))) continue;
        if (n.path.find("/../") != std::string::npos) continue;
        out.push_back(std::move(n));
    }
    ::globfree(&g);
    return {};
}

// With a user namespace the zone root directory belongs to zone root
// (host id BASE, shifted by zoneadmd): what we make in /dev is owned by
// BASE + the host owner, so it looks the same inside the zone.
struct Owner {
    uid_t base = 0;
    uid_t uid(uid_t host) const { return base && host < 65536 ? base + host : host; }
};

Status add_matches(int dev, const std::string& match, const Owner& own) {
    std::vector<HostNode> nodes;
    if (Status s = matched_nodes(match, nodes); !s.ok()) return s;
    for (const HostNode& n : nodes) {
        std::string rel = n.path.substr(5);
        if (Status s = make_parents(dev, rel); !s.ok()) return s;
        if (::mknodat(dev, rel.c_str(), n.st.st_mode & (S_IFMT | 07777), n.st.st_rdev) < 0 && errno != EEXIST)
            return errno_status(n.path, errno);
        if (own.base && ::fchownat(dev, rel.c_str(), own.uid(n.st.st_uid), own.uid(n.st.st_gid), AT_SYMLINK_NOFOLLOW) < 0)
            return errno_status(n.path, errno);
    }
    return {};
}

class DevSubsystem final : public zones::Subsystem {
public:
    const char* name() const noexcept override { return "dev"; }

    Result verify(const Context& ctx) noexcept override {
        for (const auto& d : ctx.config.devices)
            if (d.match.rfind("/dev/", 0) != 0)
                return ctx.fail("dev", fmt::format("device match '{}' is not below /dev", d.match));
        return {};
    }

    // Beside the scope: the v2 device program for the nodes the zone will
    // have, loaded now so setup_host only attaches it. A failure here is
    // left to setup_host, which loads again and says why if it needs one.
    Result prepare_host(const Context& ctx) noexcept override {
        try {
            program_.reset();
            if (!cgroup2_mounted()) return {};
            std::vector<DevRule> rules;
            if (!rules_for(ctx, rules).ok()) return {};
            if (load_device_program(rules, program_).ok()) program_rules_ = std::move(rules);
            return {};
        } catch (...) {
            return ctx.fail("dev", "out of memory");
        }
    }

    // Host side, after the platform helper made /dev: the device
    // controller of every payload hierarchy allows exactly the zone's nodes.
    Result setup_host(const Context& ctx) noexcept override {
        try {
            std::vector<DevRule> rules;
            if (Status s = rules_for(ctx, rules); !s.ok()) return ctx.fail("dev", s.error);
            // The program loaded beforehand only if the nodes are still those.
            Fd program = std::move(program_);
            if (!same_rules(rules, program_rules_)) program.reset();
            if (Status s = restrict_devices(ctx.payload_cgroups, rules, &program); !s.ok())
                return ctx.fail("dev", s.error);
            return {};
        } catch (...) {
            return ctx.fail("dev", "out of memory");
        }
    }

    Result teardown(const Context&) noexcept override {
        program_.reset();
        return {};
    }

    Result setup_mounts(const Context& ctx) noexcept override {
        try {
            Status s = build(ctx);
            return s.ok() ? Result{} : ctx.fail("dev", s.error);
        } catch (...) {
            return ctx.fail("dev", "out of memory");
        }
    }

private:
    Fd program_;                          // prepare_host -> setup_host
    std::vector<DevRule> program_rules_;  // what program_ allows

    static Status rules_for(const Context& ctx, std::vector<DevRule>& rules) {
        rules = base_rules();
        for (const auto& d : ctx.config.devices) {
            std::vector<HostNode> nodes;
            if (Status s = matched_nodes(d.match, nodes); !s.ok()) return s;
            for (const HostNode& n : nodes)
                rules.push_back({S_ISBLK(n.st.st_mode) ? 'b' : 'c', static_cast<long>(major(n.st.st_rdev)),
                                 static_cast<long>(minor(n.st.st_rdev))});
        }
        return {};
    }

    static bool same_rules(const std::vector<DevRule>& a, const std::vector<DevRule>& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const DevRule& x, const DevRule& y) {
            return x.type == y.type && x.major == y.major && x.minor == y.minor;
        });
    }

    // A cgroup2 hierarchy where systemd mounts one (unified or hybrid).
    static bool cgroup2_mounted() {
        struct stat st {};
        return ::stat("/sys/fs/cgroup/cgroup.controllers", &st) == 0 ||
               ::stat("/sys/fs/cgroup/unified/cgroup.controllers", &st) == 0;
    }

    static Status build(const Context& ctx) {
        Fd root(::open(ctx.root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (!root) return errno_status(ctx.root, errno);
        struct stat rs {};
        if (::fstat(root.get(), &rs) < 0) return errno_status(ctx.root, errno);
        const Owner own{rs.st_uid >= 65536 ? rs.st_uid : 0};
        const std::string ids = own.base ? fmt::format(",uid={},gid={}", own.uid(0), own.uid(0)) : std::string();
        Fd mp;
        if (Status s = open_in_root(root.get(), "/dev", Kind::Dir, true, mp); !s.ok()) return s;
        if (Status s = mount_fresh("tmpfs", mp.get(), "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=512k" + ids);
            !s.ok())
            return s;
        // The fd still names the covered directory: open the new mount.
        Fd dev;
        if (Status s = open_in_root(root.get(), "/dev", Kind::Dir, false, dev); !s.ok()) return s;
        Fd devdir(::openat(dev.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!devdir) return errno_status("/dev", errno);
        const int d = devdir.get();
        const mode_t old = ::umask(0);
        Status st;
        for (const Node& n : kNodes)
            if (::mknodat(d, n.name, S_IFCHR | 0666, makedev(n.major, n.minor)) < 0) {
                st = errno_status(fmt::format("/dev/{}", n.name), errno);
                break;
            }
        for (const char* dir : {"pts", "shm"})
            if (st.ok() && ::mkdirat(d, dir, 0755) < 0) st = errno_status(fmt::format("/dev/{}", dir), errno);
        if (st.ok()) {
            int c = ::openat(d, "console", O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
            if (c < 0) st = errno_status("/dev/console", errno);
            else ::close(c);
        }
        ::umask(old);
        if (!st.ok()) return st;
        for (const auto& l : kLinks)
            if (::symlinkat(l[1], d, l[0]) < 0) return errno_status(fmt::format("/dev/{}", l[0]), errno);
        if (own.base) {
            std::vector<const char*> names = {"pts", "shm", "console"};
            for (const Node& n : kNodes) names.push_back(n.name);
            for (const auto& l : kLinks) names.push_back(l[0]);
            for (const char* n : names)
                if (::fchownat(d, n, own.uid(0), own.uid(0), AT_SYMLINK_NOFOLLOW) < 0)
                    return errno_status(fmt::format("/dev/{}", n), errno);
        }
        Fd pts(::openat(d, "pts", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!pts) return errno_status("/dev/pts", errno);
        if (Status s = mount_fresh("devpts", pts.get(), "devpts", MS_NOSUID | MS_NOEXEC,
                                   fmt::format("newinstance,ptmxmode=0666,mode=0620,gid={}", own.uid(5)));
            !s.ok())
            return s;
        Fd shm(::openat(d, "shm", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!shm) return errno_status("/dev/shm", errno);
        if (Status s = mount_fresh("shm", shm.get(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777" + ids); !s.ok())
            return s;
        for (const auto& dv : ctx.config.devices)
            if (Status s = add_matches(d, dv.match, own); !s.ok()) return s;
        return {};
    }
};

}  // namespace

ZONES_SUBSYSTEM_PLUGIN(DevSubsystem)
