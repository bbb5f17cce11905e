// Syntax of configuration values, shared by verify_config and the tools
// (e.g. zonecfg checking a value as it is set). Pure string checks.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace zones {

// An IPv4 or IPv6 address, no prefix.
bool valid_ip_address(std::string_view text);
// ADDR/LEN with LEN within the address family (0-32, 0-128).
bool valid_ip_prefix(std::string_view text);
// RFC 1123 host name (its last label not all digits, so "10.0.0.300" is no host).
bool valid_hostname(std::string_view text);
// A Linux network interface name: 1-15 bytes, no '/', ':', whitespace, not "." or "..".
bool valid_link_name(std::string_view text);
// A net's linkname: the interface's name in the zone; a conservative ifname
// (no ':' or '%' that tools read specially), and not the zone's loopback.
bool valid_zone_link_name(std::string_view text);
// ZFS dataset name rules (pool/fs/...): what `dataset: name invalid` checks.
bool valid_dataset_name(std::string_view text);
// An illumos privilege name (case-insensitive, e.g. "sys_time") or set
// name ("all", "none", "default", "zone", "basic"), without '-'/'!'.
bool known_privilege(std::string_view name);
// An rctl action: "none", "deny" or "signal=SIG" (name with or without SIG, or 1-64).
bool valid_rctl_action(std::string_view text);
// A decimal number fitting 64 bits, no sign or spaces.
bool valid_u64(std::string_view text);
// A hostid: 1-8 hex digits, optional 0x; 0xffffffff (illumos'
// HW_INVALID_HOSTID) is not one.
std::optional<std::uint32_t> parse_hostid(std::string_view text);

}  // namespace zones
