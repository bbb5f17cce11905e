// A Backend that keeps zones in memory: for unit tests, the fuzzer and
// anything else that wants a session without the zones service.
#pragma once

#include <map>
#include <string>

#include "zonecfg/backend.hpp"

namespace zones::zonecfg {

class MemoryBackend : public Backend {
public:
    // Starts with the built-in SUNWdefault and SUNWblank templates.
    MemoryBackend();

    std::optional<ZoneConfig> load(const std::string& zone) override;
    std::optional<ZoneState> state(const std::string& zone) override;
    std::optional<ZoneConfig> load_template(const std::string& name) override;
    // Saves without verifying (the session has verified); a new name that
    // is taken, or a missing old one, fails as the service would.
    void commit(const ZoneConfig& cfg, const std::string& old_name) override;
    // Only configured zones unless forced.
    void remove(const std::string& zone, bool force) override;

    std::map<std::string, ZoneConfig> zones;
    std::map<std::string, ZoneState> states;       // absent: configured
    std::map<std::string, ZoneConfig> templates;
    int commits = 0;
};

}  // namespace zones::zonecfg
