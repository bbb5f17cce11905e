// verify_config: the checks of illumos zonecfg verify (and the `end`
// checks it relies on), in illumos order.
#include "zones/verify.hpp"

#include <fmt/core.h>

#include "zones/boot_order.hpp"
#include "zones/verify_detail.hpp"

namespace zones {

namespace verify_detail {

bool require(std::string_view value, std::string_view res, std::string_view prop, Messages& out) {
    if (!value.empty()) return true;
    out.push_back(fmt::format("{}: {} not specified", res, prop));
    return false;
}

std::vector<std::string_view> split_list(std::string_view text) {
    std::vector<std::string_view> items;
    if (text.empty()) return items;
    while (true) {
        auto comma = text.find(',');
        items.push_back(text.substr(0, comma));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return items;
}

}  // namespace verify_detail

std::vector<std::string> verify_config(const ZoneConfig& cfg) {
    using namespace verify_detail;
    Messages out;
    check_globals(cfg, out);
    check_ipds(cfg, out);
    check_fs(cfg, out);
    check_nets(cfg, out);
    check_devices(cfg, out);
    check_rctls(cfg, out);
    check_cpu(cfg, out);
    check_memory(cfg, out);
    check_attrs(cfg, out);
    boot_order::check_attrs(cfg, out);      // boot-priority, boot-after
    check_datasets(cfg, out);
    check_admins(cfg, out);
    check_security_flags(cfg, out);
    return out;
}

}  // namespace zones
