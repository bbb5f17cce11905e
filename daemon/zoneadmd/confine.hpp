// The confinement of every process that starts inside a zone (its init,
// and zlogin's children): capability bounding set from limitpriv (libcap),
// the default seccomp profile (compiled with libseccomp at build time), and
// for zlogin no_new_privs.
// Called in a single-threaded child as the last step before execve: all
// mounts and namespace joins done, stray fds already CLOEXEC.
#pragma once

#include <string>
#include <vector>

#include "seccomp_bpf.hpp"
#include "seccomp_profile.hpp"
#include "zones/privileges.hpp"

namespace zones::confine {

// The seccomp profile (seccomp_profile.hpp's allowlist, for the x86-64,
// i386 and x32 ABIs) for a zone with these limits: compiled to BPF at build
// time (seccomp_bpf.hpp), so the child only loads it. nullptr and `err`
// when there is none.
const Seccomp* seccomp_for(const priv::Limits& limits, std::string& err);

// Init of a zone: seccomp first (without no_new_privs, so setuid programs
// in the zone keep working; needs CAP_SYS_ADMIN, which we still hold),
// then the bounding set, inheritable and ambient sets cut to limits.caps
// and permitted/effective to the same. "" or the cause.
std::string apply(const priv::Limits& limits, const Seccomp& filter);
// The two halves of apply, for an init that loads its filter early (the
// load takes a while) and keeps its capabilities for the last steps: every
// call it makes after load_filter must be one the profile allows.
std::string load_filter(const Seccomp& filter);
std::string drop_caps(const priv::Limits& limits);

// zlogin: join the zone's user namespace (the pinned RUN/NAME/ns/user or
// /proc/INIT/ns/user) FIRST, as zone root (uid/gid 0 there, no
// supplementary groups); then setns into init's other namespaces (owned
// by it), then apply_no_new_privs, then execve. Single-threaded child only.
std::string join_user_namespace(int userns_fd);

// A process zlogin starts in a running zone: capabilities as above, then
// PR_SET_NO_NEW_PRIVS, then seccomp last ("as close to execve as possible").
std::string apply_no_new_privs(const priv::Limits& limits, const Seccomp& filter);

}  // namespace zones::confine
