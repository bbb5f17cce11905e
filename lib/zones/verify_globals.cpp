// verify rules for the global properties (<zone> attributes).
#include <fmt/core.h>

#include "zones/syntax.hpp"
#include "zones/verify_detail.hpp"

namespace zones::verify_detail {

namespace {

bool all_slashes(std::string_view p) { return p.find_first_not_of('/') == std::string_view::npos; }

// 32-bit hex, optional 0x; 0xffffffff is illumos' HW_INVALID_HOSTID.
bool valid_hostid(std::string_view v) {
    if (v.starts_with("0x") || v.starts_with("0X")) v.remove_prefix(2);
    if (v.empty() || v.size() > 8) return false;
    for (char c : v)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    return !(v.size() == 8 && v.find_first_not_of("fF") == std::string_view::npos);
}

bool valid_fs_type(std::string_view t) {
    if (t.empty()) return false;
    for (char c : t)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '.' || c == '+' || c == '-'))
            return false;
    return true;
}

}  // namespace

void check_globals(const ZoneConfig& cfg, Messages& out) {
    const std::string& zone = cfg.name;
    if (zone.empty())
        out.push_back("zonename not specified");
    else if (!valid_zone_name(zone))
        out.push_back(fmt::format("{}: Bogus zone name", zone));

    if (cfg.zonepath.empty())
        out.push_back("zonepath not specified");
    else if (cfg.zonepath[0] != '/')
        out.push_back(fmt::format("{} is not an absolute path.", cfg.zonepath));
    else if (all_slashes(cfg.zonepath))
        out.push_back("/ is not allowed as a zonepath.");

    if (!known_brand(cfg.brand)) out.push_back(fmt::format("{}: unknown brand.", zone));

    for (std::string_view p : split_list(cfg.limitpriv)) {
        std::string_view bare = p;
        if (bare.starts_with('-') || bare.starts_with('!')) bare.remove_prefix(1);
        if (!known_privilege(bare)) out.push_back(fmt::format("{}: invalid privilege: {}", zone, p));
    }

    if (!cfg.hostid.empty() && !valid_hostid(cfg.hostid))
        out.push_back(fmt::format("{}: invalid hostid: {}", zone, cfg.hostid));

    bool fs_allowed_ok = true;
    for (std::string_view t : split_list(cfg.fs_allowed)) fs_allowed_ok = fs_allowed_ok && valid_fs_type(t);
    if (!fs_allowed_ok) out.push_back(fmt::format("{}: invalid fs-allowed: {}", zone, cfg.fs_allowed));

    if (cfg.ip_type != "shared" && cfg.ip_type != "exclusive")
        out.push_back("ip-type value must be 'shared' or 'exclusive'.");

    if (cfg.pool.starts_with("SUNW")) out.push_back("pool names starting with SUNW are reserved.");
}

}  // namespace zones::verify_detail
