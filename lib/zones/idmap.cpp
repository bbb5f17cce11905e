#include "zones/idmap.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

#include <fmt/format.h>

#include "sys/file_io.hpp"
#include "zones/config.hpp"
#include "zones/file_util.hpp"

namespace zones::idmap {

namespace {
constexpr const char* kFile = "idmap";
constexpr const char* kLock = "idmap.lock";
constexpr std::size_t kMaxSize = 1 << 20;

bool valid_base(std::uint64_t b) {
    return b >= kFirstBase && (b - kFirstBase) % kRangeSize == 0 && (b - kFirstBase) / kRangeSize < kMaxRanges;
}

Table load(const std::filesystem::path& dir) {
    auto text = fsutil::read_file(dir / kFile, kMaxSize);
    return text ? parse(*text) : Table{};
}
}  // namespace

Table parse(std::string_view text) {
    Table t;
    std::set<std::uint32_t> used;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        const auto sp = line.find(' ');
        if (sp == std::string_view::npos || sp == 0) continue;
        const std::string_view name = line.substr(0, sp), num = line.substr(sp + 1);
        if (num.empty() || num.size() > 10 || num.find_first_not_of("0123456789") != std::string_view::npos) continue;
        const std::uint64_t b = std::stoull(std::string(num));
        if (!valid_base(b) || used.count(static_cast<std::uint32_t>(b)) || t.count(std::string(name))) continue;
        used.insert(static_cast<std::uint32_t>(b));
        t.emplace(std::string(name), static_cast<std::uint32_t>(b));
    }
    return t;
}

std::string format(const Table& t) {
    std::string s;
    for (const auto& [name, base] : t) s += fmt::format("{} {}\n", name, base);
    return s;
}

std::uint32_t pick(const Table& t) {
    std::set<std::uint32_t> used;
    for (const auto& kv : t) used.insert(kv.second);
    for (std::uint32_t i = 0; i < kMaxRanges; ++i) {
        const std::uint32_t b = kFirstBase + i * kRangeSize;
        if (!used.count(b)) return b;
    }
    return 0;
}

std::uint32_t allocate(const std::filesystem::path& dir, const std::string& zone) {
    fsutil::ExclusiveLock lock(dir / kLock);
    Table t = load(dir);
    if (auto it = t.find(zone); it != t.end()) return it->second;
    const std::uint32_t b = pick(t);
    if (b == 0) throw ZoneError(ErrorKind::Invalid, fmt::format("zone '{}': no free range of user ids left", zone));
    t.emplace(zone, b);
    fsutil::write_file_atomic(dir, kFile, format(t));
    return b;
}

std::optional<std::uint32_t> lookup(const std::filesystem::path& dir, const std::string& zone) {
    fsutil::ExclusiveLock lock(dir / kLock);
    Table t = load(dir);
    if (auto it = t.find(zone); it != t.end()) return it->second;
    return std::nullopt;
}

void release(const std::filesystem::path& dir, const std::string& zone) {
    fsutil::ExclusiveLock lock(dir / kLock);
    Table t = load(dir);
    if (t.erase(zone)) fsutil::write_file_atomic(dir, kFile, format(t));
}

std::optional<std::uint32_t> parse_root_base(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    if (text.empty() || text.size() > 10 || text.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    const std::uint64_t b = std::stoull(std::string(text));
    if (b == 0 || b % kRangeSize != 0 || b + kRangeSize - 1 > 0xfffffffeULL) return std::nullopt;
    return static_cast<std::uint32_t>(b);
}

std::optional<std::uint32_t> read_root_base(const std::filesystem::path& zonepath) {
    auto text = fsutil::read_file(zonepath / kRootBaseFile, 64);
    return text ? parse_root_base(*text) : std::nullopt;
}

void write_root_base(const std::filesystem::path& zonepath, std::optional<std::uint32_t> base) {
    remove_shift_stamp(zonepath);
    if (base)
        fsutil::write_file_atomic(zonepath, kRootBaseFile, fmt::format("{}\n", *base));
    else
        fsutil::remove_file_durable(zonepath, kRootBaseFile);
}

std::optional<ShiftStamp> parse_shift_stamp(std::string_view text) {
    unsigned long long base = 0;
    long long sec = 0, nsec = 0, boot = 0;
    char id[37] = {};
    char end = 0;
    const std::string t(text.substr(0, 160));
    if (std::sscanf(t.c_str(), "%llu %lld %lld %lld %36[0-9a-f-]%c", &base, &sec, &nsec, &boot, id, &end) != 6 ||
        end != '\n' || std::strlen(id) != 36)
        return std::nullopt;
    if (!parse_root_base(std::to_string(base)) || sec < 0 || nsec < 0 || nsec >= 1000000000 || boot < 0)
        return std::nullopt;
    return ShiftStamp{static_cast<std::uint32_t>(base), sec, nsec, boot, id};
}

std::optional<ShiftStamp> read_shift_stamp(const std::filesystem::path& zonepath) {
    auto text = fsutil::read_file(zonepath / kShiftStampFile, 160);
    return text ? parse_shift_stamp(*text) : std::nullopt;
}

void write_shift_stamp(const std::filesystem::path& zonepath, const ShiftStamp& stamp) {
    // Not fsync'ed: the stamp is used only when it is on the file system of
    // the root (zoneadmd/idshift.hpp), where a journal writes the rename
    // after the chowns of the walk it stands for, never before them.
    const std::string path = (zonepath / kShiftStampFile).string();
    if (!sys::replace_file(path,
                           fmt::format("{} {} {} {} {}\n", stamp.base, stamp.sec, stamp.nsec, stamp.boot_ns,
                                       stamp.boot_id),
                           0644, false))
        throw ZoneError(ErrorKind::Internal, fmt::format("{}: {}", path, std::strerror(errno)));
}

void remove_shift_stamp(const std::filesystem::path& zonepath) {
    fsutil::remove_file_durable(zonepath, kShiftStampFile);
}

}  // namespace zones::idmap
