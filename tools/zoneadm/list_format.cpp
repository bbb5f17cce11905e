#include "list_format.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include <fmt/format.h>

namespace zones::zoneadm {
namespace {

constexpr std::size_t kZoneIdWidth = 4;   // ZONEID_WIDTH

std::string ip_type(const ListEntry& z) { return z.exclusive ? "excl" : "shared"; }

// printf's %-Ns and %Ns: widths count bytes (fmt would count display
// columns) and are minimums; longer values push the rest of the row.
std::string left(std::string_view s, std::size_t width) {
    std::string out(s);
    if (out.size() < width)
        out.append(width - out.size(), ' ');
    return out;
}
std::string right(std::string_view s, std::size_t width) {
    return s.size() < width ? std::string(width - s.size(), ' ') + std::string(s)
                            : std::string(s);
}

// One -v line: printf("%*s %-16s %-10s %-30s %-8s %-6s\n", 4, ...).
std::string verbose_row(std::string_view id, std::string_view name, std::string_view state,
                        std::string_view path, std::string_view brand, std::string_view ip) {
    return fmt::format("{} {} {} {} {} {}\n", right(id, kZoneIdWidth), left(name, 16),
                       left(state, 10), left(path, 30), left(brand, 8), left(ip, 6));
}

// -p: a colon in the zonepath would shift every later field.
std::string escape_colons(const std::string& path) {
    std::string out;
    for (char c : path) {
        if (c == ':')
            out += '\\';
        out += c;
    }
    return out;
}

}  // namespace

ListEntry global_zone() {
    ListEntry g;
    g.id = 0;
    g.name = "global";
    g.state = ZoneState::Running;
    g.zonepath = "/";
    g.brand = kGlobalBrand;
    g.exclusive = false;   // the global zone is always shared
    g.autoboot = true;     // it boots with the host
    return g;
}

std::vector<ListEntry> select_zones(const std::vector<ListEntry>& zones, ZoneState min_state) {
    std::vector<ListEntry> out{global_zone()};
    // Kernel-known zones first; a "mounted" scratch zone is never listed
    // as one (illumos hides scratch zones).
    auto active = [](const ListEntry& z) { return z.id && z.state != ZoneState::Mounted; };
    std::vector<ListEntry> live;
    std::copy_if(zones.begin(), zones.end(), std::back_inserter(live), active);
    std::stable_sort(live.begin(), live.end(),
                     [](const ListEntry& a, const ListEntry& b) { return *a.id < *b.id; });
    out.insert(out.end(), live.begin(), live.end());
    if (min_state >= ZoneState::Running)
        return out;
    // -i lists every zone that has its root: unavailable ones too.
    auto wanted = [&](ZoneState s) {
        return s >= min_state || (min_state == ZoneState::Installed && s == ZoneState::Unavailable);
    };
    for (const ListEntry& z : zones)
        if (!active(z) && wanted(z.state))
            out.push_back(z);
    return out;
}

std::string format_header() {
    return verbose_row("ID", "NAME", "STATUS", "PATH", "BRAND", "IP");
}

// Keys: -v's columns (id, name, state = STATUS, zonepath = PATH, brand,
// ip-type = IP) and uuid and autoboot, with zonecfg's property names.
std::string format_json(const std::vector<ListEntry>& zones) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const ListEntry& z : zones) {
        nlohmann::ordered_json o;
        o["id"] = z.id ? nlohmann::ordered_json(*z.id) : nlohmann::ordered_json(nullptr);
        o["name"] = z.name;
        o["state"] = std::string(state_name(z.state));
        o["zonepath"] = z.zonepath;
        o["uuid"] = z.uuid;
        o["brand"] = z.brand;
        o["ip-type"] = z.exclusive ? "exclusive" : "shared";
        o["autoboot"] = z.autoboot ? nlohmann::ordered_json(*z.autoboot) : nlohmann::ordered_json(nullptr);
        a.push_back(std::move(o));
    }
    return a.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string format_zone(const ListEntry& z, ListStyle style) {
    const std::string_view state = state_name(z.state);
    switch (style) {
    case ListStyle::Names:
        return z.name + "\n";
    case ListStyle::Parsable:
        return fmt::format("{}:{}:{}:{}:{}:{}:{}\n", z.id ? std::to_string(*z.id) : "-", z.name,
                           state, escape_colons(z.zonepath), z.uuid, z.brand, ip_type(z));
    case ListStyle::Json:
        return format_json({z});
    case ListStyle::Verbose:
        break;
    }
    return verbose_row(z.id ? std::to_string(*z.id) : "-", z.name, state, z.zonepath, z.brand,
                       ip_type(z));
}

std::string format_list(const std::vector<ListEntry>& zones, ListStyle style) {
    if (style == ListStyle::Json)
        return format_json(zones);
    std::string out = style == ListStyle::Verbose ? format_header() : std::string();
    for (const ListEntry& z : zones)
        out += format_zone(z, style);
    return out;
}

}  // namespace zones::zoneadm
