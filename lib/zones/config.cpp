// States, error kinds, brands, zone names and rctl lookup of the model.
#include "zones/config.hpp"

#include <array>
#include <utility>

namespace zones {

namespace {

// Index = numeric value of ZoneState; names exactly as illumos prints them.
constexpr std::array<std::string_view, 9> kStateNames = {
    "configured", "incomplete", "unavailable", "installed", "ready",
    "running", "shutting_down", "down", "mounted",
};

constexpr std::array<std::pair<ErrorKind, std::string_view>, 8> kErrorKinds = {{
    {ErrorKind::NoSuchZone, "NoSuchZone"},
    {ErrorKind::InvalidState, "InvalidState"},
    {ErrorKind::Invalid, "Invalid"},
    {ErrorKind::VerifyFailed, "VerifyFailed"},
    {ErrorKind::Damaged, "Damaged"},
    {ErrorKind::AccessDenied, "AccessDenied"},
    {ErrorKind::Busy, "Busy"},
    {ErrorKind::Internal, "Internal"},
}};

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::string_view state_name(ZoneState s) {
    auto i = static_cast<std::size_t>(s);
    return i < kStateNames.size() ? kStateNames[i] : std::string_view("unknown");
}

std::optional<ZoneState> parse_state(std::string_view s) {
    for (std::size_t i = 0; i < kStateNames.size(); ++i)
        if (kStateNames[i] == s) return static_cast<ZoneState>(i);
    return std::nullopt;
}

std::string_view error_kind_name(ErrorKind k) {
    for (const auto& [kind, name] : kErrorKinds)
        if (kind == k) return name;
    return "Internal";
}

std::optional<ErrorKind> parse_error_kind(std::string_view name) {
    for (const auto& [kind, n] : kErrorKinds)
        if (n == name) return kind;
    return std::nullopt;
}

const Rctl* ZoneConfig::find_rctl(std::string_view rctl_name) const {
    for (const auto& r : rctls)
        if (r.name == rctl_name) return &r;
    return nullptr;
}

Rctl* ZoneConfig::find_rctl(std::string_view rctl_name) {
    for (auto& r : rctls)
        if (r.name == rctl_name) return &r;
    return nullptr;
}

bool known_brand(std::string_view brand) {
    return brand == kDefaultBrand || brand == kWholeRootBrand || brand == kDebianBrand;
}

bool valid_name_syntax(std::string_view name) {
    // ZONENAME_REGEXP; 63 characters at most because ZONENAME_MAX is 64
    // with the NUL and names end up in AF_UNIX socket paths.
    if (name.empty() || name.size() > kZoneNameMax) return false;
    if (!is_alnum(name[0])) return false;
    for (char c : name.substr(1))
        if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
    return true;
}

bool valid_zone_name(std::string_view name) {
    return valid_name_syntax(name) && name != "global" && !name.starts_with("SUNW");
}

}  // namespace zones
