// A zone configuration as JSON (`export -o json`, `info -o json`, and
// `zonecfg -z Z -f FILE.json`). Keys are zonecfg's own property and
// resource names; every value is a string as zonecfg stores it, but for
// autoboot (a boolean) and capped-memory's physical (bytes, a number).
// Multi-instance resources are arrays, single ones objects (absent when
// unset). The schema is share/schema/zonecfg.schema.json; zones(5) and
// zonecfg(8) document it. Reading is strict: an unknown key, a wrong type
// or a missing required property is one error line, never ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "zones/config.hpp"
#include "zonecfg/resources.hpp"

namespace zones::zonecfg {

// The whole configuration; with_name adds "zonename" (info does, export
// does not, so an exported file configures any zone, as export's text does).
nlohmann::ordered_json config_to_json(const ZoneConfig& cfg, bool with_name);

// One resource object (info -o json on a resource, or in resource scope).
nlohmann::ordered_json resource_to_json(const Fs& r);
nlohmann::ordered_json resource_to_json(const InheritPkgDir& r);
nlohmann::ordered_json resource_to_json(const Net& r);
nlohmann::ordered_json resource_to_json(const Device& r);
nlohmann::ordered_json resource_to_json(const Rctl& r);
nlohmann::ordered_json resource_to_json(const Attr& r);
nlohmann::ordered_json resource_to_json(const Dataset& r);
nlohmann::ordered_json resource_to_json(const DedicatedCpu& r);
nlohmann::ordered_json resource_to_json(const Admin& r);
nlohmann::ordered_json resource_to_json(const SecurityFlags& r);

// The JSON text of `config_to_json`, indented, with a final newline.
std::string dump(const nlohmann::ordered_json& j);

// Parse a configuration document. On failure nullopt and `error` holds one
// line naming the offending key ("net[1]: unknown property 'adress'").
// `zone`: the zone it is for; a "zonename" that differs is an error.
std::optional<ZoneConfig> config_from_json(std::string_view text, const std::string& zone,
                                           std::string* error);

// Does this text look like a JSON document (first non-blank is '{')?
bool looks_like_json(std::string_view text);

}  // namespace zones::zonecfg
