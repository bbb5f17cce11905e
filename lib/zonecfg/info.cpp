#include "zonecfg/info.hpp"

#include <fmt/format.h>

#include "zonecfg/alias.hpp"

namespace zones::zonecfg {
namespace {

// output_prop(): values with a space are shown quoted.
std::string prop(std::string_view name, std::string_view value) {
    if (value.empty())
        return fmt::format("\t{} not specified\n", name);
    if (value.find(' ') != std::string_view::npos)
        return fmt::format("\t{}: \"{}\"\n", name, value);
    return fmt::format("\t{}: {}\n", name, value);
}

template <class R>
std::string block(std::string_view type, const R& r) {
    std::string s = fmt::format("{}:\n", type);
    for (const auto& f : fields<R>())
        s += prop(f.name, r.*f.member);
    return s;
}

template <class R>
std::string blocks(const std::vector<R>& items, const Filters& filters, bool* matched) {
    R filter{};
    for (const auto& [name, value] : filters)
        if (std::string* f = field(filter, name))
            *f = value;
    std::string s;
    bool any = false;
    for (const auto& r : items) {
        if (!filters.empty() && !matches(r, filter))
            continue;
        s += info_block(r);
        any = true;
    }
    if (matched)
        *matched = filters.empty() || any;
    return s;
}

std::string global_line(const ZoneConfig& c, std::string_view p) {
    auto line = [&](std::string_view v) { return fmt::format("{}: {}\n", p, v); };
    if (p == "zonename") return line(c.name);
    if (p == "zonepath") return line(c.zonepath);
    if (p == "brand") return line(c.brand);
    if (p == "autoboot") return line(c.autoboot ? "true" : "false");
    if (p == "bootargs") return line(c.bootargs);
    if (p == "pool") return line(c.pool);
    if (p == "limitpriv") return line(c.limitpriv);
    if (p == "scheduling-class") return line(c.scheduling_class);
    if (p == "ip-type") return line(c.ip_type);
    if (p == "hostid") return line(c.hostid);
    if (p == "fs-allowed") return line(c.fs_allowed);
    return "";
}

std::string alias_line(const ZoneConfig& c, const Alias& a) {
    std::uint64_t limit = 0;
    if (get_alias(c, a, &limit) != AliasState::Ok)
        return "";
    if (a.size)
        return fmt::format("[{}: {}]\n", a.name, format_size(limit));
    return fmt::format("[{}: {}]\n", a.name, limit);
}

}  // namespace

std::string info_block(const Fs& r) {
    std::string s = block("fs", r);
    s += "\toptions: [";
    for (std::size_t i = 0; i < r.options.size(); ++i) {
        const std::string& o = r.options[i];
        s += o.find('=') != std::string::npos ? fmt::format("\"{}\"", o) : o;
        if (i + 1 < r.options.size())
            s += ",";
    }
    s += "]\n";
    return s;
}

std::string info_block(const InheritPkgDir& r) { return block("inherit-pkg-dir", r); }
// linkname (Solaris 11's anet property) only when set: a net without one
// prints as illumos prints it.
std::string info_block(const Net& r) {
    std::string s = "net:\n";
    for (const auto& f : fields<Net>())
        if (f.member != &Net::linkname || !r.linkname.empty()) s += prop(f.name, r.*f.member);
    return s;
}
std::string info_block(const Device& r) { return block("device", r); }
std::string info_block(const Attr& r) { return block("attr", r); }
std::string info_block(const Dataset& r) { return block("dataset", r); }
std::string info_block(const Admin& r) { return block("admin", r); }
std::string info_block(const SecurityFlags& r) { return block("security-flags", r); }

std::string info_block(const Rctl& r) {
    std::string s = "rctl:\n" + prop("name", r.name);
    for (const auto& v : r.values)
        s += fmt::format("\tvalue: (priv={},limit={},action={})\n", v.priv, v.limit, v.action);
    return s;
}

std::string info_block(const DedicatedCpu& r) {
    std::string s = fmt::format("dedicated-cpu:\n\tncpus: {}\n", r.ncpus);
    if (!r.importance.empty())
        s += fmt::format("\timportance: {}\n", r.importance);
    return s;
}

std::string info_capped_cpu(const ZoneConfig& cfg) {
    std::uint64_t cap = 0;
    if (get_alias(cfg, cpu_cap_alias(), &cap) != AliasState::Ok)
        return "";
    return fmt::format("capped-cpu:\n\t[ncpus: {:.2f}]\n", static_cast<double>(cap) / 100);
}

std::string info_capped_memory(const ZoneConfig& cfg, std::optional<std::uint64_t> physical) {
    std::string s = "capped-memory:\n";
    if (physical)
        s += prop("physical", format_size(*physical));
    std::uint64_t limit = 0;
    if (get_alias(cfg, max_swap_alias(), &limit) == AliasState::Ok)
        s += fmt::format("\t[swap: {}]\n", format_size(limit));
    if (get_alias(cfg, max_locked_alias(), &limit) == AliasState::Ok)
        s += fmt::format("\t[locked: {}]\n", format_size(limit));
    return s;
}

std::string info_property(const ZoneConfig& cfg, std::string_view property) {
    if (const Alias* a = global_alias(property))
        return alias_line(cfg, *a);
    return global_line(cfg, property);
}

std::string info_resources(const ZoneConfig& cfg, Res type, const Filters& filters,
                           bool* matched) {
    if (matched)
        *matched = true;
    switch (type) {
    case Res::Fs: return blocks(cfg.fs, filters, matched);
    case Res::Ipd: return blocks(cfg.ipds, filters, matched);
    case Res::Net: return blocks(cfg.nets, filters, matched);
    case Res::Device: return blocks(cfg.devices, filters, matched);
    case Res::Rctl: return blocks(cfg.rctls, filters, matched);
    case Res::Attr: return blocks(cfg.attrs, filters, matched);
    case Res::Dataset: return blocks(cfg.datasets, filters, matched);
    case Res::Admin: return blocks(cfg.admins, filters, matched);
    case Res::Dcpu: return cfg.dedicated_cpu ? info_block(*cfg.dedicated_cpu) : "";
    case Res::Pcap: return info_capped_cpu(cfg);
    case Res::Mcap: {
        bool any = cfg.mcap_physical || get_alias(cfg, max_swap_alias()) == AliasState::Ok ||
                   get_alias(cfg, max_locked_alias()) == AliasState::Ok;
        return any ? info_capped_memory(cfg, cfg.mcap_physical) : "";
    }
    case Res::Secflags: return cfg.security_flags ? info_block(*cfg.security_flags) : "";
    }
    return "";
}

std::string info_zone(const ZoneConfig& cfg) {
    std::string s;
    for (auto p : {"zonename", "zonepath", "brand", "autoboot", "bootargs", "pool", "limitpriv",
                   "scheduling-class", "ip-type", "hostid", "fs-allowed"})
        s += global_line(cfg, p);
    for (const Alias* a : global_aliases_in_info_order())
        s += alias_line(cfg, *a);
    for (Res r : {Res::Ipd, Res::Fs, Res::Net, Res::Device, Res::Dcpu, Res::Pcap, Res::Mcap,
                  Res::Attr, Res::Dataset, Res::Admin, Res::Secflags, Res::Rctl})
        s += info_resources(cfg, r, {}, nullptr);
    return s;
}

}  // namespace zones::zonecfg
