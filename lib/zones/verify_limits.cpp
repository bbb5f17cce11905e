// verify rules for resource controls: rctl, dedicated-cpu, capped-memory
// (mcap + zone.max-locked-memory) and security-flags.
#include <optional>
#include <set>
#include <string>

#include <fmt/core.h>

#include "zones/resource_controls.hpp"
#include "zones/syntax.hpp"
#include "zones/verify_detail.hpp"

namespace zones::verify_detail {

namespace {

constexpr std::uint64_t kOneMiB = 1024 * 1024;

std::optional<std::uint64_t> to_u64(std::string_view v) {
    if (!valid_u64(v)) return std::nullopt;
    return std::stoull(std::string(v));
}

// The enforced (privileged) limit of an rctl, if it has a usable one.
std::optional<std::uint64_t> privileged_limit(const ZoneConfig& cfg, std::string_view rctl) {
    if (const Rctl* r = cfg.find_rctl(rctl))
        for (const auto& v : r->values)
            if (v.priv == "privileged") return to_u64(v.limit);
    return std::nullopt;
}

// "N" or "N-M" with 1 <= N <= M.
bool valid_ncpus(std::string_view v) {
    auto dash = v.find('-');
    auto lo = to_u64(v.substr(0, dash));
    auto hi = dash == std::string_view::npos ? lo : to_u64(v.substr(dash + 1));
    return lo && hi && *lo >= 1 && *lo <= *hi;
}

enum : unsigned { kAslr = 1, kForbidNullMap = 2, kNoExecStack = 4, kAllFlags = 7 };

// A secflags list ("aslr,noexecstack", "all", "none"); nullopt if invalid.
std::optional<unsigned> parse_secflags(std::string_view text) {
    unsigned set = 0;
    for (std::string_view f : split_list(text)) {
        if (f == "aslr") set |= kAslr;
        else if (f == "forbidnullmap") set |= kForbidNullMap;
        else if (f == "noexecstack") set |= kNoExecStack;
        else if (f == "all") set |= kAllFlags;
        else if (f != "none") return std::nullopt;
    }
    return set;
}

}  // namespace

void check_rctls(const ZoneConfig& cfg, Messages& out) {
    std::set<std::string> seen;
    for (const auto& r : cfg.rctls) {
        bool has_name = require(r.name, "rctl", "name", out);
        if (has_name && !valid_rctl_name(r.name))
            out.push_back(fmt::format("'{}' is not a valid zone rctl name.", r.name));
        else if (has_name && !rctl_has_effect(r.name))
            out.push_back(no_effect::rctl(r.name));
        if (r.values.empty()) out.push_back("rctl: no value specified");
        for (const auto& v : r.values) {
            if (require(v.priv, "rctl", "priv", out) && v.priv != "privileged" && v.priv != "basic")
                out.push_back(fmt::format("rctl {}: invalid priv: {}", r.name, v.priv));
            if (require(v.limit, "rctl", "limit", out) && !valid_u64(v.limit))
                out.push_back(fmt::format("rctl {}: invalid limit: {}", r.name, v.limit));
            if (require(v.action, "rctl", "action", out) && !valid_rctl_action(v.action))
                out.push_back(fmt::format("rctl {}: invalid action: {}", r.name, v.action));
            else if (v.action.starts_with("signal"))
                // No cgroup limit sends a signal when it is reached.
                out.push_back(fmt::format("rctl {}: action {} has no effect here: only deny (enforced) and none "
                                          "(observed) can be had",
                                          r.name, v.action));
        }
        if (has_name && !seen.insert(r.name).second)
            out.push_back(fmt::format("A rctl resource with the name '{}' already exists.", r.name));
    }
}

void check_cpu(const ZoneConfig& cfg, Messages& out) {
    const bool shares = cfg.find_rctl("zone.cpu-shares") != nullptr;
    const bool dedicated = cfg.dedicated_cpu.has_value();
    if (dedicated && shares) out.push_back("rctl zone.cpu-shares and dedicated-cpu are incompatible.");
    if (shares && !cfg.scheduling_class.empty() && cfg.scheduling_class != "FSS")
        out.push_back(fmt::format("WARNING: rctl zone.cpu-shares and scheduling-class={} are incompatible",
                                  cfg.scheduling_class));
    if (dedicated && cfg.find_rctl("zone.cpu-cap") != nullptr)
        out.push_back("rctl zone.cpu-cap and the dedicated-cpu are incompatible.");
    if (!dedicated) return;

    if (!cfg.pool.empty()) out.push_back("pool and dedicated-cpu are incompatible.");
    const DedicatedCpu& d = *cfg.dedicated_cpu;
    if (require(d.ncpus, "dedicated-cpu", "ncpus", out) && !valid_ncpus(d.ncpus))
        out.push_back(fmt::format("dedicated-cpu: invalid ncpus: {}", d.ncpus));
    if (!d.importance.empty() && !valid_u64(d.importance))
        out.push_back(fmt::format("dedicated-cpu: invalid importance: {}", d.importance));
}

void check_memory(const ZoneConfig& cfg, Messages& out) {
    if (!cfg.mcap_physical) return;
    if (*cfg.mcap_physical < kOneMiB) out.push_back("physical value is too small.  It must be at least 1M.");
    auto locked = privileged_limit(cfg, "zone.max-locked-memory");
    if (locked && *locked > *cfg.mcap_physical)
        out.push_back("The locked cap must be less than or equal to the physical cap.");
}

void check_security_flags(const ZoneConfig& cfg, Messages& out) {
    if (!cfg.security_flags) return;
    const SecurityFlags& sf = *cfg.security_flags;
    // Unset: default and lower are empty sets, upper is every flag.
    auto parse = [&](const std::string& v, const char* which, unsigned unset) -> std::optional<unsigned> {
        if (v.empty()) return unset;
        auto set = parse_secflags(v);
        if (!set) out.push_back(fmt::format("{} security flags '{}' are invalid", which, v));
        return set;
    };
    auto def = parse(sf.defaults, "default", 0);
    auto upper = parse(sf.upper, "upper", kAllFlags);
    auto lower = parse(sf.lower, "lower", 0);
    if (def && upper && (*def & ~*upper)) out.push_back("default secflags must be within the upper limit");
    if (lower && def && (*lower & ~*def)) out.push_back("default secflags must be above the lower limit");
    if (lower && upper && (*lower & ~*upper)) out.push_back("lower secflags must be within the upper limit");
    // An empty resource asks for nothing Linux does not do anyway.
    const bool asks = !sf.defaults.empty() || !sf.lower.empty() || !sf.upper.empty();
    if (asks && def && upper && lower && !(*def & ~*upper) && !(*lower & ~*def) && !(*lower & ~*upper))
        out.push_back(no_effect::security_flags());
}

}  // namespace zones::verify_detail
