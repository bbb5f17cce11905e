// zonecfg's Backend (lib/zonecfg/backend.hpp) over org.zones.Manager.
#pragma once

#include <memory>

#include "zonecfg/backend.hpp"

namespace zones::client {

// Connects on first use, so a session that never reaches the service
// (help, syntax errors) does not need it.
std::unique_ptr<zones::zonecfg::Backend> make_bus_backend();

}  // namespace zones::client
