// Checks and conversions of single property values, with upstream's
// messages: what `set` and `end` refuse before anything reaches the model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zones/config.hpp"

namespace zones::zonecfg {

// A decimal unsigned integer, the whole string (no sign, no blanks).
std::optional<std::uint64_t> parse_uint(std::string_view s);

// "%s is not an absolute path." / "/ is not allowed as a zonepath."
std::optional<std::string> zonepath_error(std::string_view path);

// validate_net_address_syntax: `host` is true for defrouter (a prefix
// length is then ignored with a warning).
struct AddressCheck {
    std::vector<std::string> warnings;
    std::optional<std::string> error;
    bool netaddr_help = false;    // upstream adds the <net-addr> syntax help
};
AddressCheck check_net_address(std::string_view address, bool host);

// A Linux interface name (1-15 bytes, no '/', blank or ':'), with the
// shared/exclusive wording of upstream.
std::optional<std::string> physical_error(std::string_view name, std::string_view ip_type);
// set linkname: the interface name the zone sees.
std::optional<std::string> linkname_error(std::string_view name);

bool valid_fs_type(std::string_view type);
bool valid_rctl_name(std::string_view name);          // zone.[A-Za-z-]+
bool valid_rctl_value(const RctlValue& v);            // privileged, N, none|deny
bool valid_ncpus(std::string_view low, std::string_view high);
bool valid_importance(std::string_view s);
// capped-cpu ncpus: a positive decimal; the zone.cpu-cap limit (ncpus*100).
std::optional<std::uint64_t> parse_cpu_cap(std::string_view s);

std::optional<std::string> attr_name_error(std::string_view name);
std::optional<std::string> attr_value_error(const Attr& a);

// Each entry of a comma list that is not login, manage or clonefrom.
std::vector<std::string> invalid_auths(std::string_view auths);
bool user_exists(const std::string& user);

// The exact size with a K/M/G/T suffix, as `set physical=` needs it back:
// format_size() when that has a suffix, else a fraction of K.
std::string size_with_suffix(std::uint64_t bytes);

}  // namespace zones::zonecfg
