#include "seccomp_compile.hpp"

#include <sched.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <seccomp.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "sys/fd.hpp"

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

}  // namespace

std::string compile(const std::vector<Rule>& rules, std::vector<sock_filter>& out) {
    Filter f;
    f.ctx = seccomp_init(SCMP_ACT_ERRNO(kUnknownErrno));
    if (!f.ctx) return "seccomp: cannot create a filter";
    for (uint32_t arch : kArches)
        if (int rc = seccomp_arch_add(f.ctx, arch); rc < 0 && rc != -EEXIST) return seccomp_errno("arch", rc);
    // A binary search over the syscall numbers, not a list of 400 tests.
    if (int rc = seccomp_attr_set(f.ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2); rc < 0) return seccomp_errno("optimize", rc);
    for (const Rule& r : rules)
        if (std::string e = add_rule(f.ctx, r); !e.empty()) return e;
    sys::Fd mem(::memfd_create("seccomp", MFD_CLOEXEC));
    if (!mem) return fmt::format("seccomp: memfd: {}", std::strerror(errno));
    if (int rc = seccomp_export_bpf(f.ctx, mem.get()); rc < 0) return seccomp_errno("export", rc);
    struct stat st {};
    if (::fstat(mem.get(), &st) < 0 || st.st_size <= 0 || st.st_size % sizeof(sock_filter) != 0 ||
        st.st_size / sizeof(sock_filter) > BPF_MAXINSNS)
        return "seccomp: the compiled filter has a bad size";
    std::vector<sock_filter> prog(static_cast<std::size_t>(st.st_size) / sizeof(sock_filter));
    if (::pread(mem.get(), prog.data(), static_cast<std::size_t>(st.st_size), 0) != st.st_size)
        return fmt::format("seccomp: read back: {}", std::strerror(errno));
    out = std::move(prog);
    return {};
}

}  // namespace zones::confine
