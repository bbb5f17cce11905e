// Owners in a zone root with a user namespace: zone id N (0-65535) is host
// id BASE+N. Files the global zone put there (install, the administrator)
// carry host ids 0-65535; shift them into the zone's range at every ready,
// so zone root owns its /etc and a file it creates shows BASE on the host.
// Runs while no process of the zone exists; never follows a symlink and
// never leaves the root's file system; any depth (zones/tree_walk.hpp).
#pragma once

#include <cstdint>
#include <string>

namespace zones::zoneadmd {

// "" or the cause. Ids outside 0-65535 (already shifted, or foreign) stay.
std::string shift_ids(const std::string& root, std::uint32_t base);

}  // namespace zones::zoneadmd
