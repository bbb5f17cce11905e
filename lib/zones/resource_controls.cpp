#include "zones/resource_controls.hpp"

#include <charconv>

#include <fmt/core.h>

namespace zones {

namespace {

std::uint64_t number(std::string_view rctl, std::string_view text) {
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size() || text.empty())
        throw ZoneError(ErrorKind::Invalid, fmt::format("rctl {}: invalid limit: {}", rctl, text));
    return v;
}

// "N" or "N-M" (verify has checked it).
void parse_ncpus(const std::string& text, unsigned& lo, unsigned& hi) {
    const auto dash = text.find('-');
    const std::string a = text.substr(0, dash);
    lo = static_cast<unsigned>(number("dedicated-cpu ncpus", a));
    hi = dash == std::string::npos ? lo
                                   : static_cast<unsigned>(number("dedicated-cpu ncpus", text.substr(dash + 1)));
    if (hi < lo || lo == 0)
        throw ZoneError(ErrorKind::Invalid, fmt::format("dedicated-cpu: invalid ncpus: {}", text));
}

}  // namespace

bool rctl_has_effect(std::string_view name) {
    for (std::string_view n : {"zone.cpu-cap", "zone.cpu-shares", "zone.max-locked-memory", "zone.max-lwps",
                               "zone.max-msg-ids", "zone.max-processes", "zone.max-sem-ids", "zone.max-shm-ids",
                               "zone.max-shm-memory", "zone.max-swap"})
        if (n == name) return true;
    return false;
}

std::optional<Cap> rctl_cap(const ZoneConfig& cfg, std::string_view name) {
    const Rctl* r = cfg.find_rctl(name);
    if (r == nullptr) return std::nullopt;
    std::optional<Cap> deny, none;
    for (const RctlValue& v : r->values) {
        const std::uint64_t limit = number(name, v.limit);
        std::optional<Cap>& slot = v.action == "deny" ? deny : none;
        if (!slot || limit < slot->value) slot = Cap{limit, v.action == "deny"};
    }
    return deny ? deny : none;
}

std::optional<Cap> ResourceControls::tasks() const {
    std::optional<Cap> best;
    for (const auto& c : {lwps, processes}) {
        if (!c) continue;
        if (!best || (c->enforced && !best->enforced) ||
            (c->enforced == best->enforced && c->value < best->value))
            best = c;
    }
    return best;
}

ResourceControls resource_controls(const ZoneConfig& cfg) {
    ResourceControls rc;
    if (cfg.mcap_physical) rc.physical = Cap{*cfg.mcap_physical, true};
    rc.swap = rctl_cap(cfg, "zone.max-swap");
    rc.locked = rctl_cap(cfg, "zone.max-locked-memory");
    rc.cpu_cap = rctl_cap(cfg, "zone.cpu-cap");
    rc.cpu_shares = rctl_cap(cfg, "zone.cpu-shares");
    rc.lwps = rctl_cap(cfg, "zone.max-lwps");
    rc.processes = rctl_cap(cfg, "zone.max-processes");
    rc.shm_memory = rctl_cap(cfg, "zone.max-shm-memory");
    rc.shm_ids = rctl_cap(cfg, "zone.max-shm-ids");
    rc.msg_ids = rctl_cap(cfg, "zone.max-msg-ids");
    rc.sem_ids = rctl_cap(cfg, "zone.max-sem-ids");
    // cpu-shares is a share, not a limit: its action (none) changes nothing.
    if (rc.cpu_shares) rc.cpu_shares->enforced = true;
    if (cfg.dedicated_cpu) parse_ncpus(cfg.dedicated_cpu->ncpus, rc.dedicated_min, rc.dedicated_max);
    return rc;
}

}  // namespace zones
