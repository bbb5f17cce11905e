// The illumos state rules and message shapes the Manager's verbs share
// (manager-install.cpp, manager-clone.cpp, manager-move.cpp,
// manager-detach.cpp). Internal to zonesd.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "zone.hpp"
#include "zones/install.hpp"

namespace zones::daemon {

inline ZoneError in_zone(ErrorKind kind, const std::string& zone, std::string_view message) {
    return ZoneError(kind, fmt::format("zone '{}': {}", shown_name(zone), message));
}

// "zone 'web': install operation is invalid for running zones."
inline void refuse_active(const ZoneInfo& z, std::string_view verb) {
    if (z.state >= ZoneState::Ready)
        throw in_zone(ErrorKind::InvalidState, z.name,
                      fmt::format("{} operation is invalid for {} zones.", verb,
                                  state_name(z.state)));
}

// A report's lines as one message: the warnings as they are, then each
// problem as "zone 'NAME': PROBLEM".
inline std::string report_text(const std::string& zone, const install::Report& r) {
    std::string out;
    for (const std::string& w : r.warnings)
        out += (out.empty() ? "" : "\n") + w;
    for (const std::string& e : r.errors)
        out += (out.empty() ? "" : "\n") + fmt::format("zone '{}': {}", zone, e);
    return out;
}

}  // namespace zones::daemon
