// What a zonecfg session needs from the outside world. The real tool talks
// to org.zones.Manager; unit tests use an in-memory backend.
#pragma once

#include <optional>
#include <string>

#include "zones/config.hpp"

namespace zones::zonecfg {

class Backend {
public:
    virtual ~Backend() = default;
    // nullopt: no such zone configured. Other failures throw ZoneError.
    virtual std::optional<ZoneConfig> load(const std::string& zone) = 0;
    virtual std::optional<ZoneState> state(const std::string& zone) = 0;
    // `create -t NAME`: a template or another zone; nullopt if neither.
    virtual std::optional<ZoneConfig> load_template(const std::string& name) = 0;
    // Verify and save (the service verifies again); old_name is the name the
    // configuration was loaded as, "" for a new zone. Throws ZoneError.
    virtual void commit(const ZoneConfig& cfg, const std::string& old_name) = 0;
    // Delete the configuration (force: any state). Throws ZoneError.
    virtual void remove(const std::string& zone, bool force) = 0;
};

}  // namespace zones::zonecfg
