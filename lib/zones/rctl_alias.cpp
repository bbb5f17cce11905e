// The rctl aliases of illumos zonecfg (libzonecfg's aliases[] table).
#include "zones/config.hpp"

namespace zones {

namespace {

const RctlAlias* find(const std::vector<RctlAlias>& table, std::string_view RctlAlias::*field,
                      std::string_view key) {
    for (const auto& a : table)
        if (a.*field == key) return &a;
    return nullptr;
}

}  // namespace

const std::vector<RctlAlias>& rctl_aliases() {
    // Order of zonecfg's info output.
    static const std::vector<RctlAlias> table = {
        {"max-lwps", "zone.max-lwps", "deny", false},
        {"max-processes", "zone.max-processes", "deny", false},
        {"max-shm-memory", "zone.max-shm-memory", "deny", true},
        {"max-shm-ids", "zone.max-shm-ids", "deny", false},
        {"max-msg-ids", "zone.max-msg-ids", "deny", false},
        {"max-sem-ids", "zone.max-sem-ids", "deny", false},
        {"cpu-shares", "zone.cpu-shares", "none", false},
    };
    return table;
}

const RctlAlias* find_alias_by_property(std::string_view property) {
    return find(rctl_aliases(), &RctlAlias::property, property);
}

const RctlAlias* find_alias_by_rctl(std::string_view rctl) {
    return find(rctl_aliases(), &RctlAlias::rctl, rctl);
}

const std::vector<RctlAlias>& resource_rctl_aliases() {
    static const std::vector<RctlAlias> table = {
        {"swap", "zone.max-swap", "deny", true},
        {"locked", "zone.max-locked-memory", "deny", true},
        {"ncpus", "zone.cpu-cap", "deny", false},
    };
    return table;
}

const RctlAlias* find_resource_alias_by_property(std::string_view property) {
    return find(resource_rctl_aliases(), &RctlAlias::property, property);
}

const RctlAlias* find_resource_alias_by_rctl(std::string_view rctl) {
    return find(resource_rctl_aliases(), &RctlAlias::rctl, rctl);
}

bool valid_rctl_name(std::string_view name) {
    constexpr std::string_view prefix = "zone.";
    if (!name.starts_with(prefix) || name.size() == prefix.size()) return false;
    for (char c : name.substr(prefix.size()))
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) return false;
    return true;
}

}  // namespace zones
