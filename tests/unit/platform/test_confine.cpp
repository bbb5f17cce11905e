// confine: the seccomp allowlist (seccomp_profile.cpp) as data, compiled
// with libseccomp, and applied in a forked child against the real kernel
// (x86-64, i386 through int 0x80, x32 numbers); the bounding set is the
// one limitpriv asks for. The kernel tests need root (seccomp without
// no_new_privs needs CAP_SYS_ADMIN).
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <seccomp.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "confine.hpp"
#include "seccomp_compile.hpp"
#include "zones/config.hpp"

using namespace zones;

namespace {

priv::Limits limits(const std::string& limitpriv, bool userns = false) {
    ZoneConfig c;
    c.limitpriv = limitpriv;
    priv::Limits l;
    EXPECT_EQ("", priv::expand(c, userns, l));
    return l;
}

std::map<std::string, confine::Rule> by_name(const priv::Limits& l) {
    std::map<std::string, confine::Rule> m;
    for (const confine::Rule& r : confine::profile(l)) m.emplace(std::string(r.name), r);
    return m;
}

const confine::Seccomp& filter(const priv::Limits& l) {
    std::string err;
    const confine::Seccomp* s = confine::seccomp_for(l, err);
    EXPECT_NE(nullptr, s) << err;
    static const confine::Seccomp none;
    return s ? *s : none;
}

// Runs body in a child after confinement; the child's exit code is the
// number of the first failed expectation (0 = all held).
int in_child(const priv::Limits& l, bool nnp, const std::function<int()>& body) {
    const confine::Seccomp& f = filter(l);
    pid_t p = ::fork();
    if (p == 0) {
        std::string e = nnp ? confine::apply_no_new_privs(l, f) : confine::apply(l, f);
        if (!e.empty()) {
            std::fprintf(stderr, "confine: %s\n", e.c_str());
            ::_exit(100);
        }
        ::_exit(body());
    }
    int st = 0;
    ::waitpid(p, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 200 + WTERMSIG(st);
}

bool refused(long rc, int want = EPERM) { return rc < 0 && errno == want; }

// An i386 system call through int 0x80 (what a 32-bit program in the zone
// makes); the kernel's return value, -errno on failure.
long i386_call(long nr, long a = 0, long b = 0, long c = 0) {
    long ret = nr;
    asm volatile("int $0x80" : "+a"(ret) : "b"(a), "c"(b), "d"(c) : "memory", "r8", "r9", "r10", "r11");
    return ret;
}
constexpr long kX32 = 0x40000000;   // __X32_SYSCALL_BIT

// The calls issue 11 names, refused in every zone with the default limits.
const std::map<std::string, int> kRefused = {
    {"fsopen", ENOSYS}, {"fsconfig", ENOSYS}, {"fsmount", ENOSYS}, {"fspick", ENOSYS},
    {"move_mount", ENOSYS}, {"open_tree", ENOSYS}, {"mount_setattr", ENOSYS},
    {"keyctl", ENOSYS}, {"add_key", ENOSYS}, {"request_key", ENOSYS},
    {"bpf", EPERM}, {"userfaultfd", EPERM}, {"perf_event_open", EPERM},
    {"kexec_load", EPERM}, {"kexec_file_load", EPERM},
    {"init_module", EPERM}, {"finit_module", EPERM}, {"delete_module", EPERM},
    {"open_by_handle_at", EPERM}, {"name_to_handle_at", EOPNOTSUPP},
    {"process_vm_readv", EPERM}, {"process_vm_writev", EPERM}, {"kcmp", ENOSYS}, {"pidfd_getfd", EPERM},
    {"mbind", EPERM}, {"set_mempolicy", EPERM}, {"migrate_pages", EPERM}, {"move_pages", EPERM},
    {"set_mempolicy_home_node", EPERM},
    {"io_uring_setup", EPERM}, {"io_uring_enter", EPERM}, {"io_uring_register", EPERM},
    {"clock_settime", EPERM}, {"settimeofday", EPERM}, {"adjtimex", EPERM}, {"clock_adjtime", EPERM},
    {"acct", EPERM}, {"swapon", EPERM}, {"swapoff", EPERM}, {"syslog", EPERM}, {"iopl", EPERM},
    {"ioperm", EPERM}, {"quotactl", EPERM}, {"lookup_dcookie", EPERM}, {"fanotify_init", EPERM},
    {"clone3", ENOSYS},
};

}  // namespace

class Confine : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    }
};

TEST(SeccompProfile, EveryNameOnceAndKnownOnAnX86Abi) {
    for (const char* lp : {"default", "zone", "basic", "default,sys_time,sys_acct,proc_priocntl"}) {
        std::set<std::string_view> seen;
        for (const confine::Rule& r : confine::profile(limits(lp))) {
            EXPECT_TRUE(seen.insert(r.name).second) << r.name << " twice";
            const std::string n(r.name);
            bool known = false;
            for (uint32_t a : {uint32_t{SCMP_ARCH_X86_64}, uint32_t{SCMP_ARCH_X86}, uint32_t{SCMP_ARCH_X32}})
                known = known || seccomp_syscall_resolve_name_arch(a, n.c_str()) >= 0;
            EXPECT_TRUE(known) << n;
        }
    }
}

TEST(SeccompProfile, RefusesWhatTheIssueNames) {
    for (bool userns : {false, true}) {
        auto m = by_name(limits("default", userns));
        for (const auto& [name, err] : kRefused) {
            ASSERT_TRUE(m.count(name)) << name;
            EXPECT_EQ(err, m[name].err) << name;
            EXPECT_EQ(confine::Cond::None, m[name].cond) << name;
        }
        // Nested user namespaces: refused on clone and unshare by flag.
        for (const char* n : {"clone", "unshare"}) {
            EXPECT_EQ(confine::Cond::NoNewUser, m[n].cond) << n;
            EXPECT_EQ(EPERM, m[n].err) << n;
        }
        EXPECT_EQ(confine::Cond::Personality, m["personality"].cond);
        // What an init in its own namespaces (systemd) and the zone's reboot need.
        for (const char* n : {"mount", "umount2", "pivot_root", "setns", "chroot", "sethostname", "reboot",
                              "ptrace", "seccomp", "pidfd_open", "close_range", "openat2", "statx", "execveat",
                              "get_mempolicy", "mmap2", "socketcall", "_llseek"})
            EXPECT_EQ(0, m.count(n) ? m[n].err : -1) << n;
    }
}

TEST(SeccompProfile, PrivilegesOpenTheirCalls) {
    auto m = by_name(limits("default,sys_time,sys_acct"));
    for (const char* n : {"clock_settime", "clock_settime64", "settimeofday", "stime", "adjtimex", "clock_adjtime",
                          "acct"})
        EXPECT_EQ(0, m[n].err) << n;
    EXPECT_EQ(EPERM, m["mbind"].err);
    for (const char* p : {"proc_priocntl", "proc_prioup", "sys_res_bind"}) {
        auto n = by_name(limits(std::string("default,") + p));
        for (const char* c : {"mbind", "set_mempolicy", "set_mempolicy_home_node", "migrate_pages", "move_pages"})
            EXPECT_EQ(0, n[c].err) << p << " " << c;
        EXPECT_EQ(EPERM, n["clock_settime"].err);
    }
}

TEST(SeccompProfile, UnknownNameIsAnError) {
    std::vector<sock_filter> s;
    EXPECT_EQ("seccomp: unknown system call 'no_such_call'", confine::compile({{"no_such_call", 0}}, s));
    // Known to libseccomp, but on no x86 ABI: it would be a silent no-op.
    EXPECT_EQ("seccomp: unknown system call 'set_tls'", confine::compile({{"set_tls", 0}}, s));
    EXPECT_TRUE(s.empty());
    EXPECT_EQ("", confine::compile({{"getpid", 0}}, s));
    EXPECT_FALSE(s.empty());
}

// The programs zoneadmd loads were made at build time (seccomp-gen): they
// are what libseccomp makes of the profile here, one per variant.
TEST(SeccompProfile, BuiltProgramsAreTheProfile) {
    for (unsigned v = 0; v < confine::kProfileVariants; ++v) {
        std::vector<sock_filter> fresh;
        ASSERT_EQ("", confine::compile(confine::profile(confine::variant_limits(v)), fresh));
        const confine::Seccomp& built = confine::compiled_profile(v);
        ASSERT_EQ(fresh.size(), built.len) << v;
        EXPECT_LE(built.len, 4096u);   // BPF_MAXINSNS
        for (std::size_t i = 0; i < fresh.size(); ++i)
            EXPECT_TRUE(fresh[i].code == built.prog[i].code && fresh[i].jt == built.prog[i].jt &&
                        fresh[i].jf == built.prog[i].jf && fresh[i].k == built.prog[i].k) << v << " " << i;
        EXPECT_EQ(v, confine::profile_variant(confine::variant_limits(v)));
    }
    std::string e;
    const confine::Seccomp* a = confine::seccomp_for(limits("default"), e);
    const confine::Seccomp* b = confine::seccomp_for(limits("default,file_flag_set"), e);
    const confine::Seccomp* c = confine::seccomp_for(limits("default,sys_time"), e);
    ASSERT_NE(nullptr, a);
    EXPECT_EQ(a, b);   // capabilities the profile does not look at
    EXPECT_NE(a, c);
}

TEST_F(Confine, DefaultProfileRefuses) {
    // sysfs(2) works here, so ENOSYS below is the profile's unknown-call answer.
    ASSERT_GT(::syscall(SYS_sysfs, 3), 0);
    int r = in_child(limits("default"), false, [] {
        int k = 0;
        for (const auto& [name, err] : kRefused) {
            ++k;
            const int nr = seccomp_syscall_resolve_name(name.c_str());
            // Arguments that would fail anyway (bad fds, NULL): the filter answers first.
            if (!refused(::syscall(nr, -1, 0, 0, 0, 0, 0), err)) {
                std::fprintf(stderr, "%s: %s\n", name.c_str(), std::strerror(errno));
                return k;
            }
        }
        if (!refused(::syscall(SYS_sysfs, 3), ENOSYS)) return 60;               // not in the allowlist
        if (!refused(::unshare(CLONE_NEWUSER))) return 61;
        if (!refused(::syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0))) return 62;
        if (::syscall(SYS_personality, PER_LINUX32) < 0) return 63;              // harmless persona
        if (::syscall(SYS_personality, 0xffffffffUL) != PER_LINUX32) return 64;   // query
        if (!refused(::syscall(SYS_personality, ADDR_NO_RANDOMIZE), ENOSYS)) return 65;
        if (::prctl(PR_CAPBSET_READ, CAP_SYS_MODULE) != 0) return 66;
        if (::prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) != 0) return 67;
        if (::prctl(PR_CAPBSET_READ, CAP_MKNOD) != 0) return 68;
        if (::prctl(PR_CAPBSET_READ, CAP_CHOWN) != 1) return 69;
        if (::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0) return 70;   // setuid programs keep working
        pid_t p = ::fork();   // plain fork (clone without NEWUSER) still works
        if (p == 0) ::_exit(0);
        if (p < 0) return 71;
        ::waitpid(p, nullptr, 0);
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) < 0) return 72;
        return 0;
    });
    EXPECT_EQ(0, r);
}

TEST_F(Confine, OtherAbisAreFilteredToo) {
    if (i386_call(20 /* getpid */) != ::getpid()) GTEST_SKIP() << "no i386 emulation";
    int r = in_child(limits("default"), false, [] {
        if (i386_call(20) != ::getpid()) return 1;                  // allowed there too
        if (i386_call(288 /* keyctl */, 0, -3) != -ENOSYS) return 2;
        if (i386_call(357 /* bpf */) != -EPERM) return 3;
        if (i386_call(128 /* init_module */) != -EPERM) return 4;
        if (i386_call(310 /* unshare */, CLONE_NEWUSER) != -EPERM) return 5;
        if (i386_call(430 /* fsopen */) != -ENOSYS) return 6;
        if (i386_call(135 /* sysfs */, 3) != -ENOSYS) return 7;
        // x32 numbers reach the filter whether or not the kernel has the ABI.
        if (!refused(::syscall(kX32 | 321 /* bpf */, 0, 0, 0))) return 8;
        if (!refused(::syscall(kX32 | 175 /* init_module */, 0, 0, 0))) return 9;
        return 0;
    });
    EXPECT_EQ(0, r);
}

TEST_F(Confine, SysTimeAllowsTheClock) {
    int r = in_child(limits("default,sys_time"), false, [] {
        // An invalid clock id: past the filter, the kernel says EINVAL (no clock is touched).
        timespec ts{};
        if (!refused(::clock_settime(static_cast<clockid_t>(12345), &ts), EINVAL)) return 1;
        if (::prctl(PR_CAPBSET_READ, CAP_SYS_TIME) != 1) return 2;
        return 0;
    });
    EXPECT_EQ(0, r);
}

TEST_F(Confine, NiceAllowsNumaPolicy) {
    int r = in_child(limits("default,proc_priocntl"), false, [] {
        // MPOL_DEFAULT with no nodes: a no-op the kernel accepts.
        if (::syscall(SYS_set_mempolicy, 0, nullptr, 0) != 0) return 1;
        return 0;
    });
    EXPECT_EQ(0, r);
    r = in_child(limits("default"), false, [] { return refused(::syscall(SYS_set_mempolicy, 0, nullptr, 0)) ? 0 : 1; });
    EXPECT_EQ(0, r);
}

TEST_F(Confine, NoNewPrivs) {
    int r = in_child(limits("basic"), true, [] {
        if (::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) return 1;
        if (!refused(::syscall(SYS_init_module, nullptr, 0, ""))) return 2;
        if (::prctl(PR_CAPBSET_READ, CAP_CHOWN) != 0) return 3;
        return 0;
    });
    EXPECT_EQ(0, r);
}

// zlogin's path: join a zone's user namespace as zone root, then confine
// with no_new_privs. Root in there is BASE outside; it holds CAP_SYS_ADMIN
// over its namespaces, so what systemd needs works and nested user
// namespaces are refused by the profile, not by a capability.
TEST_F(Confine, JoinUserNamespaceThenNoNewPrivs) {
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    pid_t holder = ::fork();
    if (holder == 0) {
        ::close(p[1]);
        if (::unshare(CLONE_NEWUSER) < 0) ::_exit(1);
        char b;
        [[maybe_unused]] ssize_t n = ::read(p[0], &b, 1);   // until the test is done
        ::_exit(0);
    }
    ::close(p[0]);
    const std::string map = "0 1879179264 65536\n";
    // The holder may not have unshared yet: retry until the map takes.
    bool mapped = false;
    for (int i = 0; i < 500 && !mapped; ++i) {
        std::string self = "/proc/" + std::to_string(holder) + "/ns/user";
        char a[64] = {}, b[64] = {};
        if (::readlink(self.c_str(), a, sizeof a) > 0 && ::readlink("/proc/self/ns/user", b, sizeof b) > 0 &&
            std::string(a) != b) {
            mapped = true;
            for (const char* f : {"uid_map", "gid_map"}) {
                int fd = ::open(("/proc/" + std::to_string(holder) + "/" + f).c_str(), O_WRONLY);
                mapped = mapped && fd >= 0 && ::write(fd, map.data(), map.size()) == static_cast<ssize_t>(map.size());
                if (fd >= 0) ::close(fd);
            }
        } else {
            ::usleep(2000);
        }
    }
    ASSERT_TRUE(mapped);
    int uns = ::open(("/proc/" + std::to_string(holder) + "/ns/user").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(uns, 0);
    ZoneConfig c;
    priv::Limits l;
    ASSERT_EQ("", priv::expand(c, true, l));
    const confine::Seccomp& f = filter(l);
    pid_t k = ::fork();
    if (k == 0) {
        if (!confine::join_user_namespace(uns).empty()) ::_exit(1);
        if (::getuid() != 0 || ::getgid() != 0) ::_exit(2);
        if (!confine::apply_no_new_privs(l, f).empty()) ::_exit(3);
        if (::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) ::_exit(4);
        if (::prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) != 1) ::_exit(5);   // bounded by the user namespace
        if (::prctl(PR_CAPBSET_READ, CAP_SYS_MODULE) != 0) ::_exit(6);
        if (!refused(::syscall(SYS_init_module, nullptr, 0, ""))) ::_exit(7);
        if (!refused(::unshare(CLONE_NEWUSER))) ::_exit(8);
        if (!refused(::syscall(SYS_fsopen, "tmpfs", 0), ENOSYS)) ::_exit(9);
        // mount and namespaces of its own: allowed (an init like systemd needs them)
        if (::unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC) < 0) ::_exit(10);
        if (::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) ::_exit(11);
        if (::mount("zt", "/tmp", "tmpfs", 0, nullptr) < 0) ::_exit(12);
        if (::umount2("/tmp", 0) < 0) ::_exit(13);
        ::_exit(0);
    }
    int st = 0;
    ::waitpid(k, &st, 0);
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << WEXITSTATUS(st);
    ::close(uns);
    ::close(p[1]);
    ::waitpid(holder, nullptr, 0);
}
