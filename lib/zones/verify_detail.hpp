// Internal split of verify_config: one function per group of rules, each
// appending complete message lines in illumos order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "zones/config.hpp"

namespace zones::verify_detail {

using Messages = std::vector<std::string>;

void check_globals(const ZoneConfig& cfg, Messages& out);      // verify_globals.cpp
void check_ipds(const ZoneConfig& cfg, Messages& out);         // verify_resources.cpp
void check_fs(const ZoneConfig& cfg, Messages& out);
void check_nets(const ZoneConfig& cfg, Messages& out);
void check_devices(const ZoneConfig& cfg, Messages& out);
void check_attrs(const ZoneConfig& cfg, Messages& out);
void check_datasets(const ZoneConfig& cfg, Messages& out);
void check_admins(const ZoneConfig& cfg, Messages& out);
void check_rctls(const ZoneConfig& cfg, Messages& out);        // verify_limits.cpp
void check_cpu(const ZoneConfig& cfg, Messages& out);
void check_memory(const ZoneConfig& cfg, Messages& out);
void check_security_flags(const ZoneConfig& cfg, Messages& out);

// "<res>: <prop> not specified" (illumos check_reqd_prop) when value is empty.
bool require(std::string_view value, std::string_view res, std::string_view prop, Messages& out);

// Items of a comma-separated list ("a,b" -> {"a","b"}; "" -> {}).
std::vector<std::string_view> split_list(std::string_view text);

}  // namespace zones::verify_detail
