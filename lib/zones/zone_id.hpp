// Zone IDs as illumos hands them out (illumos-reference §4.3): 1-9999,
// next-fit (every ready, boot and reboot gets a new, normally larger ID,
// wrapping after 9999), never two live zones with the same ID.
//
// One allocator and one source of truth for zonesd (ready, boot, reboot)
// and zoneadmd (a reboot from inside the zone): RUN/NAME/zoneid of every
// live zone and RUN/ids.last, changed only under an exclusive flock on
// RUN/ids.lock (daemon/zoneadmd/PROTOCOL.md, "Zone IDs"). /run is emptied
// at host boot, so IDs start again from 1.
//
// An allocation costs the same with 1 or 9000 zones (issue 13): RUN/.ids,
// a fixed 1250-byte bitmap, says which IDs may be held (a superset of the
// zoneid files: bits are set before and cleared after the files change).
// RUN/*/zoneid is scanned only when the bitmap is missing, damaged or has
// no clear bit (stale bits of zones whose zoneid went without release()).
#pragma once

#include <string>

namespace zones::zone_id {

inline constexpr int kMin = 1;
inline constexpr int kMax = 9999;

// The bitmap's name in RUN: a leading dot, so never a zone's directory.
inline constexpr const char* kBitmapFile = ".ids";

// The first ID after RUN/ids.last (0 if missing) that no RUN/*/zoneid
// holds, this zone's current one included (a reboot gets a new ID);
// written to RUN/NAME/zoneid (RUN/NAME must exist), then to ids.last.
// 0 with `err` set when none is free ("no free zone ID") or on an error.
int allocate(const std::string& run, const std::string& zone, std::string& err);

// Removes RUN/NAME/zoneid and frees its ID, under the lock. false with
// `err` on an error (a zoneid removed otherwise costs a scan later, never
// a duplicate).
bool release(const std::string& run, const std::string& zone, std::string& err);

// RUN/NAME/zoneid, or 0 when it is missing or garbled.
int read(const std::string& run, const std::string& zone);

// The number in `text` ("ID\n"), or 0 unless it is 1-9999.
int parse(const std::string& text);

}  // namespace zones::zone_id
