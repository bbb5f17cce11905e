// The seccomp profile compiled with libseccomp (for the x86-64, i386 and
// x32 ABIs): at build time by seccomp-gen, into the programs zoneadmd
// loads (seccomp_bpf.hpp), and by the unit tests, which check they agree.
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

#include "seccomp_profile.hpp"

namespace zones::confine {

// Compile RULES to BPF. A name libseccomp cannot resolve, or that no x86
// ABI has, is an error, never skipped. "" or the cause.
std::string compile(const std::vector<Rule>& rules, std::vector<sock_filter>& out);

}  // namespace zones::confine
