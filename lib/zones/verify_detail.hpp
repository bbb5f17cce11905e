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

// What a zone can ask for on illumos that Linux cannot give it (pools,
// ZFS datasets, per-zone security flags, other scheduling classes,
// fs-allowed, rctls no plugin enforces): each is refused with one line
// saying so, never accepted and ignored (verify_effect.cpp).
namespace no_effect {
std::string pool(std::string_view name);
std::string dataset(std::string_view name);
std::string security_flags();
std::string scheduling_class(std::string_view cls);
std::string fs_allowed(std::string_view types);
std::string rctl(std::string_view name);
}  // namespace no_effect

// "<res>: <prop> not specified" (illumos check_reqd_prop) when value is empty.
bool require(std::string_view value, std::string_view res, std::string_view prop, Messages& out);

// Items of a comma-separated list ("a,b" -> {"a","b"}; "" -> {}).
std::vector<std::string_view> split_list(std::string_view text);

}  // namespace zones::verify_detail
