// The name of a zone's transient scope, as zonesd asks systemd for it and
// as its cgroup is then named in every hierarchy (zoneadmd finds its own
// cgroups by it).
#pragma once

#include <string>
#include <string_view>

namespace zones {

// "zone-" + the name escaped as systemd escapes unit names ('-' -> \x2d).
std::string zone_scope_unit(const std::string& zone);

// The reverse of that escaping (every "\\xNN"): "a\\x2db" -> "a-b".
std::string unit_unescape(std::string_view escaped);

}  // namespace zones
