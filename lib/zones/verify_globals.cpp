// verify rules for the global properties (<zone> attributes).
#include <fmt/core.h>

#include "zones/syntax.hpp"
#include "zones/verify_detail.hpp"

namespace zones::verify_detail {

namespace {

bool all_slashes(std::string_view p) { return p.find_first_not_of('/') == std::string_view::npos; }

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
    // systemd as init gets its cgroup subtree only in a zone with its own
    // user namespace (zoneadmd/sysmounts.hpp): refuse the opt-out up front.
    if (cfg.brand == kDebianBrand)
        for (const Attr& a : cfg.attrs)
            if (a.name == "userns" && (a.value == "false" || a.value == "0" || a.value == "no"))
                out.push_back(fmt::format("{}: brand debian needs the zone's own user namespace "
                                          "(systemd runs unprivileged in it): remove attr userns=false", zone));

    for (std::string_view p : split_list(cfg.limitpriv)) {
        std::string_view bare = p;
        if (bare.starts_with('-') || bare.starts_with('!')) bare.remove_prefix(1);
        if (!known_privilege(bare)) out.push_back(fmt::format("{}: invalid privilege: {}", zone, p));
    }

    if (!cfg.hostid.empty() && !parse_hostid(cfg.hostid))
        out.push_back(fmt::format("{}: invalid hostid: {}", zone, cfg.hostid));

    bool fs_allowed_ok = true;
    for (std::string_view t : split_list(cfg.fs_allowed)) fs_allowed_ok = fs_allowed_ok && valid_fs_type(t);
    if (!fs_allowed_ok) out.push_back(fmt::format("{}: invalid fs-allowed: {}", zone, cfg.fs_allowed));
    else if (!cfg.fs_allowed.empty()) out.push_back(no_effect::fs_allowed(cfg.fs_allowed));

    if (cfg.ip_type != "shared" && cfg.ip_type != "exclusive")
        out.push_back("ip-type value must be 'shared' or 'exclusive'.");

    if (cfg.pool.starts_with("SUNW")) out.push_back("pool names starting with SUNW are reserved.");
    else if (!cfg.pool.empty()) out.push_back(no_effect::pool(cfg.pool));

    // FSS is what every zone gets here (cpu-shares weigh zones against
    // each other); no other class can be had per zone.
    if (!cfg.scheduling_class.empty() && cfg.scheduling_class != "FSS")
        out.push_back(no_effect::scheduling_class(cfg.scheduling_class));
}

}  // namespace zones::verify_detail
