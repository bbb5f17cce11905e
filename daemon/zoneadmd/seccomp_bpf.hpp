// The profile's BPF programs, one per variant (profile_variant), made at
// build time by seccomp-gen (seccomp_gen.cpp) into seccomp_bpf.cpp: zoneadmd
// never runs libseccomp, whose compile takes milliseconds per zone.
#pragma once

#include <linux/filter.h>

#include <cstddef>

namespace zones::confine {

struct Seccomp {
    const sock_filter* prog = nullptr;
    unsigned short len = 0;
};

const Seccomp& compiled_profile(unsigned variant);

}  // namespace zones::confine
