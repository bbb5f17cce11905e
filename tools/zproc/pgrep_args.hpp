// zpgrep/zpkill: the -z zonelist of illumos pgrep/pkill taken out of the
// arguments, the rest left to procps pgrep/pkill. Unit-tested.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace zones::zproc {

struct PgrepArgs {
    std::vector<std::string> zones;   // every -z, in order
    std::vector<std::string> rest;    // for procps, in order
    std::string error;                // "" or what is wrong with -z
};

// kill: pkill's syntax (a leading -SIGNAL stays first).
PgrepArgs split_pgrep_args(const std::vector<std::string>& args, bool kill);

// The argv of procps pgrep/pkill (without argv[0]): --cgroup with the
// cgroup names of the zones, then the user's arguments (after pkill's
// leading signal).
std::vector<std::string> procps_argv(const PgrepArgs& a, bool kill, const std::vector<std::string>& cgroups);

// Runs zpgrep (kill = false) or zpkill: returns the exit status when it
// does not exec procps.
int pgrep_main(int argc, char* argv[], bool kill);

}  // namespace zones::zproc
