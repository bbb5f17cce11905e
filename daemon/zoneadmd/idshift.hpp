// Owners in a zone root with a user namespace: zone id N (0-65535) is host
// id BASE+N. Files the global zone put there (install, the administrator)
// carry host ids 0-65535; shift them into the zone's range at every ready,
// so zone root owns its /etc and a file it creates shows BASE on the host.
// Runs while no process of the zone exists; never follows a symlink and
// never leaves the root's file system; any depth (zones/tree_walk.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace zones::zoneadmd {

// "" or the cause. Ids 0-65535 become base+id; ids in from..from+65535
// (where a clone's or an attached zone's files still are, see
// idmap::read_root_base) become base+(id-from); any other id (already
// shifted, or foreign) stays. base 0 moves a range back to host ids.
std::string shift_ids(const std::string& root, std::optional<std::uint32_t> from, std::uint32_t base);

}  // namespace zones::zoneadmd
