#include "zonecfg/alias.hpp"

#include <algorithm>
#include <initializer_list>
#include <cstdlib>
#include <string>
#include <vector>

namespace zones::zonecfg {
namespace {

std::uint64_t minimum_for(std::string_view property) {
    // libzonecfg's alias table: only max-lwps and max-processes have a floor.
    return (property == "max-lwps" || property == "max-processes") ? 100 : 0;
}

const std::vector<Alias>& globals() {
    static const std::vector<Alias> table = [] {
        std::vector<Alias> v;
        for (const auto& a : rctl_aliases())
            v.push_back({a.property, a.rctl, a.action, minimum_for(a.property), a.size});
        return v;
    }();
    return table;
}

}  // namespace

const Alias* global_alias(std::string_view property) {
    for (const auto& a : globals())
        if (a.name == property)
            return &a;
    return nullptr;
}

const std::vector<const Alias*>& global_aliases_in_info_order() {
    // info_func's order, whatever the order of the model's table.
    static const std::vector<const Alias*> order = [] {
        std::vector<const Alias*> v;
        for (auto name : {"max-lwps", "max-processes", "max-shm-memory", "max-shm-ids",
                          "max-msg-ids", "max-sem-ids", "cpu-shares"})
            if (const Alias* a = global_alias(name))
                v.push_back(a);
        return v;
    }();
    return order;
}

const Alias& cpu_cap_alias() {
    static const Alias a{"cpu-cap", "zone.cpu-cap", "deny", 0, false};
    return a;
}
const Alias& max_swap_alias() {
    static const Alias a{"max-swap", "zone.max-swap", "deny", 0, true};
    return a;
}
const Alias& max_locked_alias() {
    static const Alias a{"max-locked-memory", "zone.max-locked-memory", "deny", 0, true};
    return a;
}

AliasState get_alias(const ZoneConfig& cfg, const Alias& a, std::uint64_t* limit) {
    const Rctl* found = nullptr;
    for (const auto& r : cfg.rctls) {
        if (r.name != a.rctl)
            continue;
        if (found)
            return AliasState::Disallow;
        found = &r;
    }
    if (!found)
        return AliasState::NoEntry;
    if (found->values.size() != 1)
        return AliasState::Disallow;
    const RctlValue& v = found->values.front();
    if (v.priv != "privileged" || v.action != a.action)
        return AliasState::Disallow;
    if (limit)
        *limit = std::strtoull(v.limit.c_str(), nullptr, 10);
    return AliasState::Ok;
}

bool alias_ok(const ZoneConfig& cfg, const Alias& a) {
    return get_alias(cfg, a) != AliasState::Disallow;
}

bool set_alias(ZoneConfig& cfg, const Alias& a, std::uint64_t limit) {
    if (!alias_ok(cfg, a))
        return false;
    remove_alias(cfg, a);
    cfg.rctls.push_back(Rctl{std::string(a.rctl),
                             {RctlValue{"privileged", std::to_string(limit), std::string(a.action)}}});
    return true;
}

void remove_alias(ZoneConfig& cfg, const Alias& a) {
    if (get_alias(cfg, a) != AliasState::Ok)
        return;
    std::erase_if(cfg.rctls, [&](const Rctl& r) { return r.name == a.rctl; });
}

}  // namespace zones::zonecfg
