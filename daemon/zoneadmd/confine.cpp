#include "confine.hpp"

#include <linux/capability.h>
#include <sched.h>
#include <sys/capability.h>
#include <grp.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <seccomp.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace zones::confine {
namespace {

// Refused for every zone: each is either host-wide (modules, kexec, swap,
// quotas of host file systems, the kernel's keyrings, BPF, perf, dcookies,
// raw port I/O, the kernel log) or a known escape helper (open_by_handle_at
// resolves a handle outside the zone's root; userfaultfd and io_uring
// widen kernel races exploits rely on).
constexpr const char* kAlways[] = {
    "init_module", "finit_module", "delete_module", "create_module", "query_module",
    "kexec_load", "kexec_file_load",
    "swapon", "swapoff",
    "quotactl", "quotactl_fd",
    "keyctl", "add_key", "request_key",
    "bpf", "perf_event_open", "lookup_dcookie",
    "open_by_handle_at",
    "userfaultfd",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "iopl", "ioperm", "syslog",
    "uselib", "nfsservctl", "_sysctl", "vm86", "vm86old",
    "fanotify_init",
};
// The host's clocks (a zone with sys_time may set them, as on illumos).
constexpr const char* kClock[] = {"clock_settime", "clock_settime64", "settimeofday", "stime", "adjtimex",
                                  "clock_adjtime", "clock_adjtime64"};

// reboot(2) stays allowed: every zone process is in the zone's PID
// namespace, where the kernel turns RESTART into SIGHUP and HALT/POWER_OFF
// into SIGINT of the zone's init (zoneadmd then reboots or halts the
// zone) and refuses every other command (kexec, CAD) with EINVAL.

struct Filter {
    scmp_filter_ctx ctx = nullptr;
    ~Filter() { if (ctx) seccomp_release(ctx); }
};

std::string seccomp_errno(std::string_view what, int rc) {
    return fmt::format("seccomp: {}: {}", what, std::strerror(-rc));
}

std::string load_seccomp(const priv::Limits& limits, bool userns, bool nnp) {
    Filter f;
    f.ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!f.ctx) return "seccomp: cannot create a filter";
    // A 64-bit zone can still make i386 and x32 system calls: cover them.
    for (uint32_t arch : {SCMP_ARCH_X86, SCMP_ARCH_X32})
        if (seccomp_arch_exist(f.ctx, arch) == -EEXIST) {
            if (int rc = seccomp_arch_add(f.ctx, arch); rc < 0 && rc != -EEXIST && rc != -EINVAL)
                return seccomp_errno("arch", rc);
        }
    if (int rc = seccomp_attr_set(f.ctx, SCMP_FLTATR_CTL_NNP, nnp ? 1 : 0); rc < 0) return seccomp_errno("nnp", rc);
    for (const std::string& name : denied_syscalls(limits)) {
        const int nr = seccomp_syscall_resolve_name(name.c_str());
        if (nr == __NR_SCMP_ERROR) continue;   // not on any of our arches
        if (int rc = seccomp_rule_add(f.ctx, SCMP_ACT_ERRNO(EPERM), nr, 0); rc < 0 && rc != -EDOM)
            return seccomp_errno(name, rc);
    }
    if (!userns) {
        // No user namespaces of its own inside a zone that has none.
        for (const char* name : {"unshare", "clone"}) {
            const int nr = seccomp_syscall_resolve_name(name);
            if (int rc = seccomp_rule_add(f.ctx, SCMP_ACT_ERRNO(EPERM), nr, 1,
                                          SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER));
                rc < 0)
                return seccomp_errno(name, rc);
        }
        if (int rc = seccomp_rule_add(f.ctx, SCMP_ACT_ERRNO(ENOSYS), seccomp_syscall_resolve_name("clone3"), 0);
            rc < 0 && rc != -EDOM)
            return seccomp_errno("clone3", rc);
    }
    if (int rc = seccomp_load(f.ctx); rc < 0) return seccomp_errno("load", rc);
    return {};
}

std::string set_caps(const priv::Limits& limits) {
    const int last = static_cast<int>(cap_max_bits());
    cap_iab_t iab = cap_iab_init();   // empty inheritable and ambient
    if (!iab) return "cap_iab_init failed";
    std::string err;
    for (int c = 0; c < last && err.empty(); ++c)
        if (!(c < 64 && (limits.caps >> c & 1)) &&
            cap_iab_set_vector(iab, CAP_IAB_BOUND, static_cast<cap_value_t>(c), CAP_SET) < 0)
            err = fmt::format("capability {}: {}", c, std::strerror(errno));
    if (err.empty() && cap_iab_set_proc(iab) < 0) err = fmt::format("bounding set: {}", std::strerror(errno));
    cap_free(iab);
    if (!err.empty()) return err;
    // Permitted and effective: what we hold of limits.caps (execve as root
    // recomputes them from the bounding set anyway; a non-root exec starts
    // empty). Only clear: capset never adds.
    cap_t caps = cap_get_proc();
    if (!caps) return fmt::format("capabilities: {}", std::strerror(errno));
    for (int c = 0; c < last; ++c)
        if (!(c < 64 && (limits.caps >> c & 1))) {
            cap_value_t v = c;
            for (cap_flag_t f : {CAP_PERMITTED, CAP_EFFECTIVE, CAP_INHERITABLE}) cap_set_flag(caps, f, 1, &v, CAP_CLEAR);
        }
    if (cap_set_proc(caps) < 0) err = fmt::format("capabilities: {}", std::strerror(errno));
    cap_free(caps);
    return err;
}

}  // namespace

std::vector<std::string> denied_syscalls(const priv::Limits& limits) {
    std::vector<std::string> v(std::begin(kAlways), std::end(kAlways));
    if (!limits.clock) v.insert(v.end(), std::begin(kClock), std::end(kClock));
    if (!limits.acct) v.emplace_back("acct");
    return v;
}

std::string apply(const priv::Limits& limits, bool userns) {
    if (std::string e = load_seccomp(limits, userns, false); !e.empty()) return e;
    return set_caps(limits);
}

std::string join_user_namespace(int userns_fd) {
    if (::setns(userns_fd, CLONE_NEWUSER) < 0) return fmt::format("setns user: {}", std::strerror(errno));
    if (::setgroups(0, nullptr) < 0 || ::setresgid(0, 0, 0) < 0 || ::setresuid(0, 0, 0) < 0)
        return fmt::format("become zone root: {}", std::strerror(errno));
    return {};
}

std::string apply_no_new_privs(const priv::Limits& limits, bool userns) {
    if (std::string e = set_caps(limits); !e.empty()) return e;
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return fmt::format("no_new_privs: {}", std::strerror(errno));
    return load_seccomp(limits, userns, true);
}

}  // namespace zones::confine
