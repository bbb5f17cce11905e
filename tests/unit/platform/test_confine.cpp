// confine::apply / apply_no_new_privs in a forked child against the real
// kernel: the seccomp profile refuses what it lists with EPERM, the
// bounding set is the one limitpriv asks for. Root only (seccomp without
// no_new_privs needs CAP_SYS_ADMIN).
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <seccomp.h>

#include <cerrno>
#include <cstdio>
#include <functional>

#include <gtest/gtest.h>

#include "confine.hpp"
#include "zones/config.hpp"

using namespace zones;

namespace {

priv::Limits limits(const std::string& limitpriv) {
    ZoneConfig c;
    c.limitpriv = limitpriv;
    priv::Limits l;
    EXPECT_EQ("", priv::expand(c, false, l));
    return l;
}

// Runs body in a child after confinement; the child's exit code is the
// number of the first failed expectation (0 = all held).
int in_child(const priv::Limits& l, bool nnp, const std::function<int()>& body) {
    pid_t p = ::fork();
    if (p == 0) {
        std::string e = nnp ? confine::apply_no_new_privs(l, false) : confine::apply(l, false);
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

}  // namespace

class Confine : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    }
};

TEST(ConfineList, EveryNameResolves) {
    auto l = limits("default");
    auto v = confine::denied_syscalls(l);
    for (const char* must : {"init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load",
                             "clock_settime", "settimeofday", "adjtimex", "clock_adjtime", "keyctl", "add_key",
                             "request_key", "open_by_handle_at", "bpf", "perf_event_open", "userfaultfd", "swapon",
                             "swapoff", "acct", "quotactl", "lookup_dcookie"})
        EXPECT_NE(std::find(v.begin(), v.end(), must), v.end()) << must;
    EXPECT_EQ(std::find(v.begin(), v.end(), "reboot"), v.end()) << "reboot(2) is how a zone reboots itself";
    for (const auto& n : v) EXPECT_NE(__NR_SCMP_ERROR, seccomp_syscall_resolve_name(n.c_str())) << n;
    auto t = confine::denied_syscalls(limits("default,sys_time,sys_acct"));
    EXPECT_EQ(std::find(t.begin(), t.end(), "clock_settime"), t.end());
    EXPECT_EQ(std::find(t.begin(), t.end(), "acct"), t.end());
}

TEST_F(Confine, DefaultProfileRefuses) {
    int r = in_child(limits("default"), false, [] {
        if (!refused(::syscall(SYS_init_module, nullptr, 0, ""))) return 1;
        if (!refused(::syscall(SYS_finit_module, -1, "", 0))) return 2;
        if (!refused(::syscall(SYS_delete_module, "nope", 0))) return 3;
        if (!refused(::syscall(SYS_kexec_load, 0, 0, nullptr, 0))) return 4;
        timespec ts{};
        if (!refused(::clock_settime(CLOCK_REALTIME, &ts))) return 5;
        if (!refused(::syscall(SYS_keyctl, 0, 0, 0, 0, 0))) return 6;
        if (!refused(::syscall(SYS_bpf, 0, nullptr, 0))) return 7;
        if (!refused(::syscall(SYS_open_by_handle_at, -1, nullptr, 0))) return 8;
        if (!refused(::syscall(SYS_perf_event_open, nullptr, 0, -1, -1, 0))) return 9;
        if (!refused(::unshare(CLONE_NEWUSER))) return 10;
        if (!refused(::syscall(SYS_clone3, nullptr, 0), ENOSYS)) return 11;
        if (!refused(::syscall(SYS_acct, nullptr))) return 12;
        if (!refused(::syscall(SYS_swapoff, "/nonexistent"))) return 13;
        if (::prctl(PR_CAPBSET_READ, CAP_SYS_MODULE) != 0) return 14;
        if (::prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) != 0) return 15;
        if (::prctl(PR_CAPBSET_READ, CAP_MKNOD) != 0) return 16;
        if (::prctl(PR_CAPBSET_READ, CAP_CHOWN) != 1) return 17;
        if (::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0) return 18;   // setuid programs keep working
        pid_t p = ::fork();   // plain fork (clone without NEWUSER) still works
        if (p == 0) ::_exit(0);
        if (p < 0) return 19;
        ::waitpid(p, nullptr, 0);
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
// with no_new_privs. Root in there is BASE outside.
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
    pid_t k = ::fork();
    if (k == 0) {
        if (!confine::join_user_namespace(uns).empty()) ::_exit(1);
        if (::getuid() != 0 || ::getgid() != 0) ::_exit(2);
        if (!confine::apply_no_new_privs(l, true).empty()) ::_exit(3);
        if (::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) ::_exit(4);
        if (::prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) != 1) ::_exit(5);   // bounded by the user namespace
        if (::prctl(PR_CAPBSET_READ, CAP_SYS_MODULE) != 0) ::_exit(6);
        if (!refused(::syscall(SYS_init_module, nullptr, 0, ""))) ::_exit(7);
        ::_exit(0);
    }
    int st = 0;
    ::waitpid(k, &st, 0);
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << WEXITSTATUS(st);
    ::close(uns);
    ::close(p[1]);
    ::waitpid(holder, nullptr, 0);
}
