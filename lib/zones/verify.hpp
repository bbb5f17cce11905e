// zonecfg verify rules (illumos-reference §2.7-2.8): pure checks of one
// configuration, with the illumos messages.
#pragma once

#include <string>
#include <vector>

#include "zones/config.hpp"

namespace zones {

// Every problem found, each one complete line as zonecfg prints it, e.g.
// "zonepath not specified", "web: unknown brand.", "fs: dir not specified",
// "net: address cannot be specified for an exclusive IP type".
// Empty means the configuration verifies.
std::vector<std::string> verify_config(const ZoneConfig& cfg);

}  // namespace zones
