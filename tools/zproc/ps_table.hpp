// zps's part that does not touch the system: which of the user's ps
// arguments are zps's own (-z), what procps ps needs added so that every
// row carries its PID, and how its output becomes zps's (a ZONE column in
// front, rows of other zones left out). Unit-tested.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace zones::zproc {

struct PsCall {
    std::vector<std::string> argv;     // for procps ps, without argv[0]
    std::vector<std::string> zones;    // -z: only these zones; empty: all
    bool hidden_pid = false;           // argv starts with "-o pid", zps drops that column
    bool no_header = false;            // the user asked for none; ps prints one for zps
};

// Splits zps's arguments (procps ps syntax: SysV -x, BSD x, GNU --x) into
// the ps call; an error text for a malformed -z.
struct PsParse {
    std::optional<PsCall> call;
    std::string error;
};
PsParse parse_ps_args(const std::vector<std::string>& args);

// The rows of ps's output with a ZONE column. zone_of(pid): the zone of a
// process, nullopt when it is gone by now. `zones` non-empty: only rows of
// those zones. An error (no PID column found) as an exception.
std::string zone_table(const std::string& ps_output, const PsCall& call,
                       const std::function<std::optional<std::string>(long)>& zone_of);

}  // namespace zones::zproc
