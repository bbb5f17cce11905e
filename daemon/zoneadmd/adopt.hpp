// Restart of zoneadmd for a live zone (--adopt): the pinned namespaces and
// init (RUN/NAME/init.pid, checked to be in our payload cgroup) are found
// again. The console master died with the old zoneadmd and cannot be
// recovered (no fd store for scopes; a holder process would be one more
// process per zone), so a new console pty is allocated and bound over
// /dev/console: processes holding the old console keep a hung-up tty, new
// opens of /dev/console get the new one. An adopted init is not our
// child: its exit status is unknown, so an in-zone reboot becomes a halt.
#pragma once

#include <string>

#include "cgroup.hpp"
#include "namespaces.hpp"
#include "sys.hpp"

namespace zones::zoneadmd {

// A forked helper enters the pinned mount namespace and allocates the pty.
std::string reopen_console(const PinnedFds& pins, const Cgroups& cg, Fd& master, Fd& slave);

}  // namespace zones::zoneadmd
