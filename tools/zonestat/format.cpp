#include "format.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace zones::zonestat {

std::string format_size(std::uint64_t bytes) {
    static const char* units[] = {"K", "M", "G", "T"};
    if (bytes < 1024) return fmt::format("{}", bytes);
    double v = static_cast<double>(bytes) / 1024;
    int u = 0;
    while (v >= 1024 && u < 3) {
        v /= 1024;
        ++u;
    }
    if (v >= 100) return fmt::format("{:.0f}{}", v, units[u]);
    if (v >= 10) return fmt::format("{:.1f}{}", v, units[u]);
    return fmt::format("{:.2f}{}", v, units[u]);
}

std::string format_percent(double p) {
    if (p >= 100) return fmt::format("{:.0f}%", p);
    if (p >= 10) return fmt::format("{:.1f}%", p);
    return fmt::format("{:.2f}%", p);
}

namespace {

std::string cap_text(const std::optional<double>& cap, const std::string& shown) { return cap ? shown : "-"; }

std::string pct(double used, const std::optional<double>& cap) {
    if (!cap || *cap <= 0) return "-";
    return format_percent(100.0 * used / *cap);
}

std::string line(const std::string& zone, const std::string& a, const std::string& b, const std::string& c,
                 const std::string& d, const std::string& e, const std::string& f, const std::string& g,
                 const std::string& h, const std::string& i) {
    return fmt::format("{:>20} {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}\n", zone, a, b, c, d, e, f, g,
                       h, i);
}

std::string row(const ZoneRow& z) {
    std::optional<double> mcap, lcap;
    if (z.mem_cap) mcap = static_cast<double>(*z.mem_cap);
    if (z.lwps_cap) lcap = static_cast<double>(*z.lwps_cap);
    return line(z.name, fmt::format("{:.2f}", z.cpu_used), cap_text(z.cpu_cap, fmt::format("{:.2f}", z.cpu_cap.value_or(0))),
                pct(z.cpu_used, z.cpu_cap), format_size(z.mem_used),
                cap_text(mcap, format_size(z.mem_cap.value_or(0))), pct(static_cast<double>(z.mem_used), mcap),
                fmt::format("{}", z.lwps), cap_text(lcap, fmt::format("{}", z.lwps_cap.value_or(0))),
                pct(static_cast<double>(z.lwps), lcap));
}

}  // namespace

std::string format_report(const Report& r) {
    std::string out = fmt::format("Interval: {}, Duration: {}:{:02}:{:02}\n", r.interval, r.seconds / 3600,
                                  r.seconds / 60 % 60, r.seconds % 60);
    out += fmt::format("SUMMARY{:>30}Cpus/Online: {}   PhysMem: {}\n", "", r.online_cpus, format_size(r.physmem));
    out += fmt::format("{:>20} {:->20}  {:->20}  {:->20}\n", "", "CPU", "PhysMem", "Lwps");
    out += line("ZONE", "USED", "CAP", "%CAP", "USED", "CAP", "%CAP", "USED", "CAP", "%CAP");
    ZoneRow total{"[total]", 0, static_cast<double>(r.online_cpus), 0, r.physmem, 0, std::nullopt};
    for (const ZoneRow& z : r.zones) {
        total.cpu_used += z.cpu_used;
        total.mem_used += z.mem_used;
        total.lwps += z.lwps;
    }
    out += row(total);
    for (const ZoneRow& z : r.zones) out += row(z);
    return out;
}

std::string format_json(const Report& r) {
    nlohmann::ordered_json o;
    o["interval"] = r.interval;
    o["seconds"] = r.seconds;
    o["online-cpus"] = r.online_cpus;
    o["physmem-bytes"] = r.physmem;
    o["zones"] = nlohmann::ordered_json::array();
    auto opt = [](const auto& v) { return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr); };
    for (const ZoneRow& z : r.zones) {
        nlohmann::ordered_json row;
        row["name"] = z.name;
        row["cpu-used"] = z.cpu_used;
        row["cpu-cap"] = opt(z.cpu_cap);
        row["memory-bytes"] = z.mem_used;
        row["memory-cap-bytes"] = opt(z.mem_cap);
        row["lwps"] = z.lwps;
        row["lwps-cap"] = opt(z.lwps_cap);
        o["zones"].push_back(std::move(row));
    }
    return o.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

ZoneRow make_row(const std::string& name, const std::map<std::string, std::uint64_t>& before,
                 const std::map<std::string, std::uint64_t>& after, double seconds) {
    auto get = [](const std::map<std::string, std::uint64_t>& m, const char* k) -> std::optional<std::uint64_t> {
        auto it = m.find(k);
        return it == m.end() ? std::nullopt : std::optional<std::uint64_t>(it->second);
    };
    ZoneRow z;
    z.name = name;
    const std::uint64_t c0 = get(before, "cpu-usec").value_or(0), c1 = get(after, "cpu-usec").value_or(0);
    if (seconds > 0 && c1 >= c0) z.cpu_used = static_cast<double>(c1 - c0) / 1e6 / seconds;
    if (auto cap = get(after, "cpu-cap-percent")) z.cpu_cap = static_cast<double>(*cap) / 100.0;
    else if (auto d = get(after, "dedicated-cpus")) z.cpu_cap = static_cast<double>(*d);
    z.mem_used = get(after, "memory-bytes").value_or(0);
    z.mem_cap = get(after, "memory-cap-bytes");
    z.lwps = get(after, "lwps").value_or(0);
    z.lwps_cap = get(after, "lwps-cap");
    return z;
}

}  // namespace zones::zonestat
