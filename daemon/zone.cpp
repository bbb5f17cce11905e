#include "zone.hpp"

namespace zones::daemon {

ZoneInfo make_zone_info(const IndexEntry& entry, const ZoneConfig* cfg) {
    ZoneInfo z;
    z.name = entry.name;
    z.state = entry.state;
    z.zonepath = entry.zonepath;
    z.uuid = entry.uuid;
    if (cfg != nullptr) {
        z.brand = cfg->brand;
        z.ip_type = cfg->ip_type;
        z.autoboot = cfg->autoboot;
        if (z.zonepath.empty())       // old index lines had no path
            z.zonepath = cfg->zonepath;
    }
    return z;
}

bool safe_lookup_name(std::string_view name) {
    if (name.empty() || name.size() > 64)
        return false;
    auto alnum = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    if (!alnum(name.front()))
        return false;
    for (char c : name)
        if (!alnum(c) && c != '-' && c != '_' && c != '.')
            return false;
    return true;
}

std::string shown_name(std::string_view name) {
    constexpr std::size_t max = 64;
    std::size_t cut = name.size();
    if (cut > max) {
        cut = max;
        // back up over UTF-8 continuation bytes so the cut is a boundary
        while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80)
            --cut;
    }
    std::string out;
    for (char c : name.substr(0, cut))
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    if (cut < name.size())
        out += "...";
    return out;
}

}  // namespace zones::daemon
