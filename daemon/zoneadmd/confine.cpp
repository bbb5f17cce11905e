#include "confine.hpp"

#include <linux/capability.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sched.h>
#include <sys/capability.h>
#include <grp.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <seccomp.h>

#include <cerrno>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "sys.hpp"

namespace zones::confine {
namespace {

struct Filter {
    scmp_filter_ctx ctx = nullptr;
    ~Filter() { if (ctx) seccomp_release(ctx); }
};

std::string seccomp_errno(std::string_view what, int rc) {
    return fmt::format("seccomp: {}: {}", what, std::strerror(-rc));
}

// The ABIs a process on x86-64 can make system calls in: a 64-bit zone
// can still use int 0x80 (i386) and the x32 numbers.
constexpr uint32_t kArches[] = {SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32};

std::string add_rule(scmp_filter_ctx ctx, const Rule& r) {
    const std::string name(r.name);
    const int nr = seccomp_syscall_resolve_name(name.c_str());
    bool somewhere = false;
    for (uint32_t a : kArches) somewhere = somewhere || seccomp_syscall_resolve_name_arch(a, name.c_str()) >= 0;
    // Never a silent skip: a name libseccomp does not know (or that no
    // x86 ABI has) would leave the call to the default action unnoticed.
    if (nr == __NR_SCMP_ERROR || !somewhere) return fmt::format("seccomp: unknown system call '{}'", name);
    const uint32_t deny = SCMP_ACT_ERRNO(static_cast<uint16_t>(r.err));
    int rc = 0;
    switch (r.cond) {
    case Cond::None:
        // Refused with the default errno: the default action says it (and
        // libseccomp refuses a rule that repeats it).
        if (r.err != kUnknownErrno) rc = seccomp_rule_add(ctx, r.err ? deny : SCMP_ACT_ALLOW, nr, 0);
        break;
    case Cond::NoNewUser:
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, 0));
        if (rc == 0)
            rc = seccomp_rule_add(ctx, deny, nr, 1, SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER));
        break;
    case Cond::Personality:   // the rest falls to the default action: say so in the profile
        if (r.err != kUnknownErrno) return fmt::format("seccomp: {}: refused values get the default errno", name);
        for (unsigned long p : kPersonas)
            if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_A0(SCMP_CMP_EQ, p));
        break;
    }
    return rc < 0 ? seccomp_errno(name, rc) : std::string();
}

std::string load(const Seccomp& f) {
    if (f.prog.empty()) return "seccomp: no profile";
    sock_fprog fp{static_cast<unsigned short>(f.prog.size()), const_cast<sock_filter*>(f.prog.data())};
    if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) < 0)
        return fmt::format("seccomp: load: {}", std::strerror(errno));
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

std::string compile(const std::vector<Rule>& rules, Seccomp& out) {
    Filter f;
    f.ctx = seccomp_init(SCMP_ACT_ERRNO(kUnknownErrno));
    if (!f.ctx) return "seccomp: cannot create a filter";
    for (uint32_t arch : kArches)
        if (int rc = seccomp_arch_add(f.ctx, arch); rc < 0 && rc != -EEXIST) return seccomp_errno("arch", rc);
    // A binary search over the syscall numbers, not a list of 400 tests.
    if (int rc = seccomp_attr_set(f.ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2); rc < 0) return seccomp_errno("optimize", rc);
    for (const Rule& r : rules)
        if (std::string e = add_rule(f.ctx, r); !e.empty()) return e;
    zoneadmd::Fd mem(::memfd_create("seccomp", MFD_CLOEXEC));
    if (!mem) return fmt::format("seccomp: memfd: {}", std::strerror(errno));
    if (int rc = seccomp_export_bpf(f.ctx, mem.get()); rc < 0) return seccomp_errno("export", rc);
    struct stat st {};
    if (::fstat(mem.get(), &st) < 0 || st.st_size <= 0 || st.st_size % sizeof(sock_filter) != 0 ||
        st.st_size / sizeof(sock_filter) > BPF_MAXINSNS)
        return "seccomp: the compiled filter has a bad size";
    std::vector<sock_filter> prog(static_cast<std::size_t>(st.st_size) / sizeof(sock_filter));
    if (::pread(mem.get(), prog.data(), static_cast<std::size_t>(st.st_size), 0) != st.st_size)
        return fmt::format("seccomp: read back: {}", std::strerror(errno));
    out.prog = std::move(prog);
    return {};
}

const Seccomp* seccomp_for(const priv::Limits& limits, std::string& err) {
    // The profile depends on these three only (seccomp_profile.cpp).
    static std::map<unsigned, Seccomp> cache;
    const unsigned key = (limits.clock ? 1u : 0u) | (limits.acct ? 2u : 0u) |
                         ((limits.caps >> CAP_SYS_NICE & 1) ? 4u : 0u);
    if (auto it = cache.find(key); it != cache.end()) return &it->second;
    Seccomp s;
    if (err = compile(profile(limits), s); !err.empty()) return nullptr;
    return &cache.emplace(key, std::move(s)).first->second;
}

std::string apply(const priv::Limits& limits, const Seccomp& filter) {
    if (std::string e = load(filter); !e.empty()) return e;
    return set_caps(limits);
}

std::string join_user_namespace(int userns_fd) {
    if (::setns(userns_fd, CLONE_NEWUSER) < 0) return fmt::format("setns user: {}", std::strerror(errno));
    if (::setgroups(0, nullptr) < 0 || ::setresgid(0, 0, 0) < 0 || ::setresuid(0, 0, 0) < 0)
        return fmt::format("become zone root: {}", std::strerror(errno));
    return {};
}

std::string apply_no_new_privs(const priv::Limits& limits, const Seccomp& filter) {
    if (std::string e = set_caps(limits); !e.empty()) return e;
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return fmt::format("no_new_privs: {}", std::strerror(errno));
    return load(filter);
}

}  // namespace zones::confine
