// zoneadmd --spare: started by zonesd ahead of need, so that a ready (and a
// boot from installed) does not wait for a zoneadmd's exec, its dynamic
// loader and the plugins' dlopen. It loads the plugins, then waits on its
// start socket (fd 3) for "zone NAME [--prepare]", told by an eventfd (fd
// 4) that it is there, and from there on is the
// zoneadmd of that zone, started as `zoneadmd -z NAME` would have been
// (PROTOCOL.md). EOF instead: zonesd stopped, and it exits.
#pragma once

#include <optional>
#include <string>

namespace zones::zoneadmd {

struct SpareOrder {
    std::string zone;
    bool prepare = false;
};

// What to be the zoneadmd of, read from `fd` once `wake` (an eventfd)
// fires; nullopt on EOF or on a line that is not an order.
std::optional<SpareOrder> wait_for_zone(int fd, int wake);

// The process's name while it waits ("zoneadmd-spare": not a zone's
// zoneadmd to pgrep -x zoneadmd).
void name_spare();
// Once it has a zone: comm "zoneadmd" and the command line `zoneadmd -z
// NAME [--root ROOT] [--prepare]`, as ps, pgrep -f and the journal show a
// zoneadmd zonesd started for that zone (written over ARGV's own area,
// which zonesd pads). "" or why the command line stays as it was.
std::string name_as_zoneadmd(int argc, char** argv, const std::string& zone, const std::string& root,
                             bool prepare);

}  // namespace zones::zoneadmd
