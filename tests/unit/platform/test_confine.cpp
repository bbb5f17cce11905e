// confine::apply / apply_no_new_privs in a forked child against the real
// kernel: the seccomp profile refuses what it lists with EPERM, the
// bounding set is the one limitpriv asks for. Root only (seccomp without
// no_new_privs needs CAP_SYS_ADMIN).
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
