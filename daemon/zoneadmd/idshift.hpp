// Owners in a zone root with a user namespace: zone id N (0-65535) is host
// id BASE+N. Files the global zone put there (install, the administrator)
// carry host ids 0-65535; shift them into the zone's range at every ready,
// so zone root owns its /etc and a file it creates shows BASE on the host.
// Runs while no process of the zone exists (zoneadmd does it beside the
// platform helper, which reads the root's owner: shift_root first, before
// the helper starts); never follows a symlink and
// never leaves the root's file system; any depth (zones/tree_walk.hpp).
#pragma once

#include <time.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace zones::zoneadmd {

struct ShiftCount {
    std::size_t dirs = 0;     // directories of the root, the root too
    std::size_t looked = 0;   // of them, those whose entries were looked at
};

// "" or the cause. Ids 0-65535 become base+id; ids in from..from+65535
// (where a clone's or an attached zone's files still are, see
// idmap::read_root_base) become base+(id-from); any other id (already
// shifted, or foreign) stays. base 0 moves a range back to host ids.
// With `since` (the root's owners were all in base's range then, see
// idmap::ShiftStamp), only the entries of directories changed at or after
// it (ctime) are looked at; the other directories are only gone through.
std::string shift_ids(const std::string& root, std::optional<std::uint32_t> from, std::uint32_t base,
                      std::optional<timespec> since = std::nullopt, ShiftCount* count = nullptr);

// The root directory alone, by the same rule: "" or the cause.
std::string shift_root(const std::string& root, std::optional<std::uint32_t> from, std::uint32_t base);

// Whether a stamp kept in `stamp_dir` can speak for the ctimes of `root`:
// both on one mount (a journal writes the stamp after the walk's chowns,
// and a snapshot or rollback takes both back together) of a local file
// system that sets ctimes from this host's clock. Not overlayfs: a merged
// directory shows its upper layer's ctime, not what came from below.
bool ctimes_comparable(const std::string& root, const std::string& stamp_dir);

}  // namespace zones::zoneadmd
