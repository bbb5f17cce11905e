#include "seccomp_profile.hpp"

#include <linux/capability.h>

namespace zones::confine {
namespace {

// What any process of a Linux system uses, capability checks left to the
// kernel (and the bounding set). Names of the i386 ABI (…32, …64,
// _time64, socketcall, ipc) are here too: 32-bit programs run in zones.
constexpr std::string_view kAllowed[] = {
    // memory
    "brk", "mmap", "mmap2", "munmap", "mremap", "mprotect", "madvise", "mincore", "msync", "remap_file_pages",
    "mlock", "mlock2", "mlockall", "munlock", "munlockall", "pkey_alloc", "pkey_free", "pkey_mprotect",
    "membarrier", "memfd_create", "memfd_secret", "map_shadow_stack", "get_mempolicy", "process_mrelease",
    // file I/O
    "read", "readv", "pread64", "preadv", "preadv2", "write", "writev", "pwrite64", "pwritev", "pwritev2",
    "lseek", "_llseek", "close", "close_range", "dup", "dup2", "dup3", "pipe", "pipe2", "fcntl", "fcntl64",
    "ioctl", "flock", "fsync", "fdatasync", "sync", "syncfs", "sync_file_range", "fadvise64", "fadvise64_64",
    "readahead", "fallocate", "truncate", "truncate64", "ftruncate", "ftruncate64", "sendfile", "sendfile64",
    "splice", "tee", "vmsplice", "copy_file_range", "cachestat",
    // the file system
    "open", "openat", "openat2", "creat", "access", "faccessat", "faccessat2", "chdir", "fchdir", "getcwd",
    "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "chown32", "fchown", "fchown32", "fchownat", "lchown",
    "lchown32", "link", "linkat", "symlink", "symlinkat", "unlink", "unlinkat", "rename", "renameat",
    "renameat2", "mkdir", "mkdirat", "rmdir", "mknod", "mknodat", "readlink", "readlinkat", "umask",
    "stat", "stat64", "lstat", "lstat64", "fstat", "fstat64", "newfstatat", "fstatat64", "statx", "statfs",
    "statfs64", "fstatfs", "fstatfs64", "oldstat", "oldfstat", "oldlstat", "getdents", "getdents64", "readdir",
    "utime", "utimes", "utimensat", "utimensat_time64", "futimesat",
    "setxattr", "lsetxattr", "fsetxattr", "getxattr", "lgetxattr", "fgetxattr", "listxattr", "llistxattr",
    "flistxattr", "removexattr", "lremovexattr", "fremovexattr",
    "inotify_init", "inotify_init1", "inotify_add_watch", "inotify_rm_watch", "fanotify_mark",
    // waiting for events
    "select", "_newselect", "pselect6", "pselect6_time64", "poll", "ppoll", "ppoll_time64", "epoll_create",
    "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2", "eventfd", "eventfd2",
    "signalfd", "signalfd4", "timerfd_create", "timerfd_settime", "timerfd_settime64", "timerfd_gettime",
    "timerfd_gettime64", "io_setup", "io_destroy", "io_submit", "io_cancel", "io_getevents", "io_pgetevents",
    "io_pgetevents_time64",
    // processes and threads (clone and unshare: below)
    "fork", "vfork", "execve", "execveat", "exit", "exit_group", "wait4", "waitid", "waitpid", "getpid",
    "getppid", "gettid", "getpgid", "setpgid", "getpgrp", "getsid", "setsid", "set_tid_address",
    "set_robust_list", "get_robust_list", "rseq", "futex", "futex_time64", "futex_waitv", "futex_wake",
    "futex_wait", "futex_requeue", "restart_syscall", "arch_prctl", "set_thread_area", "get_thread_area",
    "modify_ldt", "prctl", "seccomp", "landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self",
    "pidfd_open", "pidfd_send_signal",
    // ptrace stays: it names its target by a PID of the caller's PID
    // namespace, so only the zone's own processes can be reached (and
    // zlogin's are confined before they enter it; not dumpable too, which
    // stops only tracers without CAP_SYS_PTRACE over them).
    "ptrace",
    // signals
    "kill", "tkill", "tgkill", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigpending",
    "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
    "sigaltstack", "sigaction", "sigprocmask", "sigreturn", "sigpending", "sigsuspend", "signal", "sgetmask",
    "ssetmask", "pause", "alarm", "getitimer", "setitimer",
    // credentials and limits
    "getuid", "getuid32", "geteuid", "geteuid32", "getgid", "getgid32", "getegid", "getegid32", "getresuid",
    "getresuid32", "getresgid", "getresgid32", "getgroups", "getgroups32", "setuid", "setuid32", "setgid",
    "setgid32", "setreuid", "setreuid32", "setregid", "setregid32", "setresuid", "setresuid32", "setresgid",
    "setresgid32", "setfsuid", "setfsuid32", "setfsgid", "setfsgid32", "setgroups", "setgroups32", "capget",
    "capset", "getrlimit", "ugetrlimit", "setrlimit", "prlimit64", "getrusage", "getpriority", "setpriority",
    "nice", "ioprio_get", "ioprio_set",
    // scheduling
    "sched_yield", "sched_getaffinity", "sched_setaffinity", "sched_getattr", "sched_setattr",
    "sched_getparam", "sched_setparam", "sched_getscheduler", "sched_setscheduler", "sched_get_priority_max",
    "sched_get_priority_min", "sched_rr_get_interval", "sched_rr_get_interval_time64", "getcpu",
    // time (reading it; setting the clock: kClock)
    "time", "gettimeofday", "clock_gettime", "clock_gettime64", "clock_getres", "clock_getres_time64",
    "clock_nanosleep", "clock_nanosleep_time64", "nanosleep", "times", "timer_create", "timer_delete",
    "timer_settime", "timer_settime64", "timer_gettime", "timer_gettime64", "timer_getoverrun",
    // System V and POSIX IPC (the zone's own IPC namespace)
    "ipc", "shmget", "shmat", "shmdt", "shmctl", "semget", "semop", "semtimedop", "semtimedop_time64", "semctl",
    "msgget", "msgsnd", "msgrcv", "msgctl", "mq_open", "mq_unlink", "mq_timedsend", "mq_timedsend_time64",
    "mq_timedreceive", "mq_timedreceive_time64", "mq_notify", "mq_getsetattr",
    // sockets (the zone's own network namespace)
    "socket", "socketpair", "socketcall", "bind", "connect", "listen", "accept", "accept4", "getsockname",
    "getpeername", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "recvmmsg_time64",
    "shutdown", "setsockopt", "getsockopt",
    // the system, as the zone sees it
    "uname", "olduname", "oldolduname", "sysinfo", "getrandom", "vhangup",
    // an init inside its own namespaces (systemd): mounts, namespaces, its
    // node name, reboot. Capabilities decide; locked mounts stay locked.
    // reboot(2) in a PID namespace only ends the zone's init (RESTART:
    // SIGHUP, zoneadmd reboots the zone; HALT/POWER_OFF: SIGINT, it halts
    // it) and refuses every other command (kexec, Ctrl-Alt-Del): EINVAL.
    "mount", "umount", "umount2", "pivot_root", "chroot", "setns", "sethostname", "setdomainname", "reboot",
};

// Refused: host-wide or a kernel attack surface no zone needs. EPERM is
// what the kernel answers a process without the privilege.
constexpr std::string_view kRefused[] = {
    "init_module", "finit_module", "delete_module", "create_module", "query_module", "get_kernel_syms",
    "kexec_load", "kexec_file_load",
    "swapon", "swapoff", "quotactl", "quotactl_fd", "lookup_dcookie", "nfsservctl", "_sysctl", "uselib",
    "iopl", "ioperm", "vm86", "vm86old", "syslog",
    "bpf", "perf_event_open", "userfaultfd", "fanotify_init",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    // handles resolve outside the zone's root ("shocker")
    "open_by_handle_at",
    // another process's memory and files, beyond what ptrace shows
    "process_vm_readv", "process_vm_writev", "process_madvise", "pidfd_getfd",
};

// Refused as if the kernel lacked them, so their users fall back:
constexpr std::pair<std::string_view, int> kMissing[] = {
    // the new mount API (mount(2) does the same, without fsconfig's
    // parser; systemd and util-linux fall back to it on ENOSYS)
    {"fsopen", ENOSYS}, {"fsconfig", ENOSYS}, {"fsmount", ENOSYS}, {"fspick", ENOSYS},
    {"move_mount", ENOSYS}, {"open_tree", ENOSYS}, {"mount_setattr", ENOSYS},
    // the kernel's keyrings are not namespaced (a kernel without keys:
    // systemd's KeyringMode=, sudo and ssh carry on)
    {"keyctl", ENOSYS}, {"add_key", ENOSYS}, {"request_key", ENOSYS},
    // a file system without handles: systemd then finds mount points
    // through statx and fdinfo
    {"name_to_handle_at", EOPNOTSUPP},
    // comparing kernel objects of other processes (systemd's same_fd()
    // falls back to fstat)
    {"kcmp", ENOSYS},
    // its flags are in memory a filter cannot read: glibc and systemd
    // fall back to clone(2), where CLONE_NEWUSER is refused (below)
    {"clone3", ENOSYS},
};

// The host's clocks: sys_time (as on illumos, the zone then sets the host's).
constexpr std::string_view kClock[] = {"clock_settime", "clock_settime64", "settimeofday", "stime",
                                       "adjtimex", "clock_adjtime", "clock_adjtime64"};
// NUMA memory policy and page migration: CAP_SYS_NICE.
constexpr std::string_view kNuma[] = {"mbind", "set_mempolicy", "set_mempolicy_home_node", "migrate_pages",
                                      "move_pages"};

}  // namespace

std::vector<Rule> profile(const priv::Limits& limits) {
    std::vector<Rule> v;
    v.reserve(std::size(kAllowed) + std::size(kRefused) + std::size(kMissing) + 16);
    for (std::string_view n : kAllowed) v.push_back({n, 0});
    for (std::string_view n : kRefused) v.push_back({n, EPERM});
    for (const auto& [n, e] : kMissing) v.push_back({n, e});
    for (std::string_view n : kClock) v.push_back({n, limits.clock ? 0 : EPERM});
    v.push_back({"acct", limits.acct ? 0 : EPERM});
    const bool nice = limits.caps >> CAP_SYS_NICE & 1;
    for (std::string_view n : kNuma) v.push_back({n, nice ? 0 : EPERM});
    // No user namespace of its own inside a zone: it would hand zone root
    // every capability over new namespaces, the kernel surface most
    // container escapes went through.
    v.push_back({"clone", EPERM, Cond::NoNewUser});
    v.push_back({"unshare", EPERM, Cond::NoNewUser});
    // Any other persona gets the answer to an unknown call (a filter cannot
    // give one call two errnos by its argument and still allow it).
    v.push_back({"personality", kUnknownErrno, Cond::Personality});
    return v;
}

unsigned profile_variant(const priv::Limits& limits) {
    return (limits.clock ? 1u : 0u) | (limits.acct ? 2u : 0u) | ((limits.caps >> CAP_SYS_NICE & 1) ? 4u : 0u);
}

priv::Limits variant_limits(unsigned variant) {
    priv::Limits l;
    l.clock = variant & 1;
    l.acct = variant & 2;
    if (variant & 4) l.caps |= std::uint64_t{1} << CAP_SYS_NICE;
    return l;
}

}  // namespace zones::confine
