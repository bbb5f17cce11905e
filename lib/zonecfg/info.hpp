// The text of `info` (upstream info_func and its output_* helpers).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zones/config.hpp"
#include "zonecfg/resources.hpp"

namespace zones::zonecfg {

using Filters = std::vector<std::pair<std::string, std::string>>;   // property=value

// `info`: global properties, aliased rctls in brackets, then every resource.
std::string info_zone(const ZoneConfig& cfg);
// `info PROPERTY` for a global property or rctl alias ("" when an alias is unset).
std::string info_property(const ZoneConfig& cfg, std::string_view property);
// `info TYPE [p=v ...]`; `matched` is false when filters were given and no
// resource matched them (upstream then prints "No such TYPE resource.").
std::string info_resources(const ZoneConfig& cfg, Res type, const Filters& filters,
                           bool* matched);

// One resource block each, also used for the resource being edited.
std::string info_block(const Fs& r);
std::string info_block(const InheritPkgDir& r);
std::string info_block(const Net& r);
std::string info_block(const Device& r);
std::string info_block(const Rctl& r);
std::string info_block(const Attr& r);
std::string info_block(const Dataset& r);
std::string info_block(const DedicatedCpu& r);
std::string info_block(const Admin& r);
std::string info_block(const SecurityFlags& r);
std::string info_capped_cpu(const ZoneConfig& cfg);   // "" when there is none
// capped-memory with `physical` (the edited or stored one) and cfg's swap/locked.
std::string info_capped_memory(const ZoneConfig& cfg, std::optional<std::uint64_t> physical);

}  // namespace zones::zonecfg
