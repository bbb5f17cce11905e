// The seccomp profile of every zone process: an allowlist (pure data and
// the privilege decisions; confine.cpp turns it into a filter). A system
// call the profile does not name fails with ENOSYS, as on a kernel that
// lacks it, so software written for newer kernels falls back to the old
// calls. Calls the profile refuses on purpose fail with the errno their
// callers already handle (a missing privilege: EPERM; a kernel or file
// system without the feature: ENOSYS/EOPNOTSUPP). README "Security".
#pragma once

#include <cerrno>
#include <string_view>
#include <vector>

#include "zones/privileges.hpp"

namespace zones::confine {

// The answer to a call the profile does not name.
inline constexpr int kUnknownErrno = ENOSYS;

enum class Cond {
    None,          // the rule holds for every call
    NoNewUser,     // clone/unshare: allowed without CLONE_NEWUSER in arg 0, else `err`
    Personality,   // allowed for the harmless personas (kPersonas), else `err`
};

struct Rule {
    std::string_view name;   // as libseccomp spells it
    int err = 0;             // 0: allowed; else the errno the call fails with
    Cond cond = Cond::None;
};

// personality(2) values a zone may set or query: PER_LINUX, PER_LINUX32,
// their UNAME26 forms, and 0xffffffff (query). Not ADDR_NO_RANDOMIZE,
// READ_IMPLIES_EXEC, MMAP_PAGE_ZERO and the like.
inline constexpr unsigned long kPersonas[] = {0x0, 0x8, 0x20000, 0x20008, 0xffffffff};

// Every rule for a zone with these privileges: each name exactly once,
// allowed or refused. Privileges that open a refused call: sys_time (the
// clock calls), sys_acct (acct), CAP_SYS_NICE through proc_priocntl,
// proc_prioup or sys_res_bind (the NUMA policy calls).
std::vector<Rule> profile(const priv::Limits& limits);

// What of the limits the profile depends on, as an index of the compiled
// programs (sys_time, sys_acct, CAP_SYS_NICE), and limits that select it.
inline constexpr unsigned kProfileVariants = 8;
unsigned profile_variant(const priv::Limits& limits);
priv::Limits variant_limits(unsigned variant);

}  // namespace zones::confine
