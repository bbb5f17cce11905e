#include "zonecfg/memory_backend.hpp"

#include <fmt/format.h>

#include "zones/store.hpp"

namespace zones::zonecfg {

MemoryBackend::MemoryBackend() {
    templates["SUNWdefault"] = default_template();
    templates["SUNWblank"] = blank_template();
    templates["debian"] = debian_template();
}

std::optional<ZoneConfig> MemoryBackend::load(const std::string& zone) {
    auto it = zones.find(zone);
    if (it == zones.end())
        return std::nullopt;
    return it->second;
}

std::optional<ZoneState> MemoryBackend::state(const std::string& zone) {
    if (!zones.count(zone))
        return std::nullopt;
    auto it = states.find(zone);
    return it == states.end() ? ZoneState::Configured : it->second;
}

std::optional<ZoneConfig> MemoryBackend::load_template(const std::string& name) {
    if (auto it = templates.find(name); it != templates.end())
        return it->second;
    return load(name);
}

void MemoryBackend::commit(const ZoneConfig& cfg, const std::string& old_name) {
    if (cfg.name != old_name && zones.count(cfg.name))
        throw ZoneError(ErrorKind::Invalid, fmt::format("{}: Zone name already in use", cfg.name));
    if (!old_name.empty() && cfg.name != old_name) {
        if (!zones.count(old_name))
            throw ZoneError(ErrorKind::NoSuchZone,
                            fmt::format("{}: No such zone configured", old_name));
        zones.erase(old_name);
        if (auto st = states.extract(old_name))
            states[cfg.name] = st.mapped();
    }
    zones[cfg.name] = cfg;
    ++commits;
}

void MemoryBackend::remove(const std::string& zone, bool force) {
    auto st = state(zone);
    if (!st)
        throw ZoneError(ErrorKind::NoSuchZone, fmt::format("{}: No such zone configured", zone));
    if (!force && *st != ZoneState::Configured)
        throw ZoneError(ErrorKind::InvalidState,
                        fmt::format("Zone {} not in configured state; delete not allowed.  "
                                    "Use -F to force delete.", zone));
    zones.erase(zone);
    states.erase(zone);
}

}  // namespace zones::zonecfg
