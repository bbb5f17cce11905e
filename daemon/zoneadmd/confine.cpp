#include "confine.hpp"

#include <linux/capability.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <sched.h>
#include <sys/capability.h>
#include <grp.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "seccomp_bpf.hpp"

namespace zones::confine {
namespace {

std::string load(const Seccomp& f) {
    if (!f.prog || f.len == 0) return "seccomp: no profile";
    sock_fprog fp{f.len, const_cast<sock_filter*>(f.prog)};
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

const Seccomp* seccomp_for(const priv::Limits& limits, std::string& err) {
    const Seccomp& s = compiled_profile(profile_variant(limits));
    if (!s.prog || s.len == 0) {
        err = "seccomp: no compiled profile";
        return nullptr;
    }
    return &s;
}

std::string apply(const priv::Limits& limits, const Seccomp& filter) {
    if (std::string e = load(filter); !e.empty()) return e;
    return set_caps(limits);
}

std::string load_filter(const Seccomp& filter) { return load(filter); }

std::string drop_caps(const priv::Limits& limits) { return set_caps(limits); }

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
