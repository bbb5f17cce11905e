// Aliased rctls (libzonecfg zonecfg_{get,set,rm}_aliased_rctl): a simple
// name standing for an rctl with exactly one (priv=privileged,limit=N,
// action=A) value. The global-property aliases come from the model's table;
// capped-cpu ncpus, capped-memory swap and locked are aliases too.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "zones/config.hpp"

namespace zones::zonecfg {

struct Alias {
    std::string_view name;      // "max-lwps", "cpu-cap", "max-swap", ...
    std::string_view rctl;      // "zone.max-lwps"
    std::string_view action;    // "deny" or "none"
    std::uint64_t min = 0;      // smallest limit `set` accepts
    bool size = false;          // the value takes K/M/G/T
};

// Global-property aliases by property name (cpu-shares, max-lwps, ...).
const Alias* global_alias(std::string_view property);
// The global aliases in `info` order (max-lwps ... cpu-shares).
const std::vector<const Alias*>& global_aliases_in_info_order();
const Alias& cpu_cap_alias();
const Alias& max_swap_alias();
const Alias& max_locked_alias();

enum class AliasState { Ok, NoEntry, Disallow };

// Ok with the limit when the rctl is in alias form; Disallow when it exists
// in another form (several values, another priv or action).
AliasState get_alias(const ZoneConfig& cfg, const Alias& a, std::uint64_t* limit = nullptr);
bool alias_ok(const ZoneConfig& cfg, const Alias& a);
// Replace the rctl (it moves to the end, as upstream's delete + add).
// Returns false (and changes nothing) when the existing rctl disallows it.
bool set_alias(ZoneConfig& cfg, const Alias& a, std::uint64_t limit);
// Remove it when it is in alias form; otherwise leave it.
void remove_alias(ZoneConfig& cfg, const Alias& a);

}  // namespace zones::zonecfg
