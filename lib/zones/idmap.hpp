// Each zone's private range of 65536 user and group ids on the host (its
// user namespace maps zone ids 0-65535 onto BASE..BASE+65535). Ranges are
// allocated once, without overlap, and recorded in ROOT/etc/zones/idmap
// ("NAME BASE\n" lines, replaced atomically under an OFD lock on
// ROOT/etc/zones/idmap.lock), so files a zone wrote keep their owners
// across reboots of the zone and of the host. Bases start at 0x70000000,
// above systemd's container range (0x00080000-0x6fffffff, nspawn's
// --private-users=pick) and below the 2^31 boundary some tools mishandle.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace zones::idmap {

inline constexpr std::uint32_t kRangeSize = 65536;
inline constexpr std::uint32_t kFirstBase = 0x70000000u;
inline constexpr std::uint32_t kMaxRanges = 4095;   // up to 0x7ffeffff

using Table = std::map<std::string, std::uint32_t>;   // zone -> base

// Pure: parse (lines that are not "NAME BASE" with an aligned BASE in our
// window are dropped) and format the file; the lowest free base, 0 if none.
Table parse(std::string_view text);
std::string format(const Table& t);
std::uint32_t pick(const Table& t);

// The zone's base, allocating and recording one if it has none. Throws
// ZoneError(Internal) on I/O errors, (Invalid) when every range is taken.
std::uint32_t allocate(const std::filesystem::path& zones_dir, const std::string& zone);
std::optional<std::uint32_t> lookup(const std::filesystem::path& zones_dir, const std::string& zone);
// Forget the zone's range (uninstall/delete): converges.
void release(const std::filesystem::path& zones_dir, const std::string& zone);

// Where the owners of ZONEPATH/root are: host ids 0-65535 (nullopt), or a
// range BASE..BASE+65535 (the zone was readied with its user namespace,
// or it is a clone or an attached zone whose files still carry the range
// they had where they came from). Recorded in ZONEPATH/idbase (outside
// the zone's reach) by zoneadmd after each id shift and by clone and
// attach; zoneadmd's next shift moves them into the zone's own range.
inline constexpr const char* kRootBaseFile = "idbase";
// A base of 65536 ids that fits below 2^32 - 1 (nullopt: not one).
std::optional<std::uint32_t> parse_root_base(std::string_view text);
// nullopt when the file is missing or does not hold a base.
std::optional<std::uint32_t> read_root_base(const std::filesystem::path& zonepath);
// Replace it atomically; nullopt removes it. Either way the shift stamp
// below goes too: the owners it speaks of are about to move.
void write_root_base(const std::filesystem::path& zonepath, std::optional<std::uint32_t> base);

// ZONEPATH/idshift, "BASE SECONDS NANOSECONDS BOOTTIME_NS BOOT_ID\n":
// zoneadmd's id shift into BASE's range walked all of ZONEPATH/root, and
// began after this time (CLOCK_REALTIME; CLOCK_BOOTTIME then, and the
// kernel's boot id, tell whether the clock was set back since). So a
// directory whose ctime is later has had no entry added, renamed or removed
// since: the next shift into the same range need not look at its entries
// (zoneadmd/idshift.hpp). Outside the zone's reach, like idbase; attach
// removes it (a root that was elsewhere).
inline constexpr const char* kShiftStampFile = "idshift";
struct ShiftStamp {
    std::uint32_t base = 0;
    std::int64_t sec = 0;
    std::int64_t nsec = 0;
    std::int64_t boot_ns = 0;   // CLOCK_BOOTTIME at the same moment
    std::string boot_id;        // /proc/sys/kernel/random/boot_id
};
std::optional<ShiftStamp> parse_shift_stamp(std::string_view text);
std::optional<ShiftStamp> read_shift_stamp(const std::filesystem::path& zonepath);
// Atomic, not durable: a stamp lost in a crash only means a whole walk.
void write_shift_stamp(const std::filesystem::path& zonepath, const ShiftStamp& stamp);
void remove_shift_stamp(const std::filesystem::path& zonepath);

}  // namespace zones::idmap
