#include "table.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "format.hpp"   // tools/zonestat: format_size

namespace zones::ztop {
namespace {

std::uint64_t get(const std::map<std::string, std::uint64_t>& m, const char* key) {
    auto it = m.find(key);
    return it == m.end() ? 0 : it->second;
}

// Counters that went backwards (the zone was halted and readied again in
// between) count from 0.
double rate(std::uint64_t before, std::uint64_t now, double seconds) {
    if (seconds <= 0) return 0;
    return static_cast<double>(now >= before ? now - before : now) / seconds;
}

std::string size(std::uint64_t bytes) { return zonestat::format_size(bytes); }
std::string size_rate(double bytes) { return zonestat::format_size(static_cast<std::uint64_t>(bytes + 0.5)); }

}  // namespace

std::vector<Row> make_rows(const std::vector<Sample>& before, const std::vector<Sample>& now, double seconds) {
    std::vector<Row> rows;
    for (const Sample& n : now) {
        const Sample* b = &n;
        for (const Sample& x : before)
            if (x.name == n.name) b = &x;
        Row r;
        r.name = n.name;
        const double cpus = static_cast<double>(get(n.usage, "online-cpus"));
        const double cpu_used = rate(get(b->usage, "cpu-usec"), get(n.usage, "cpu-usec"), seconds) / 1e6;
        r.cpu_percent = cpus > 0 ? cpu_used / cpus * 100.0 : 0;
        r.memory = get(n.usage, "memory-bytes");
        const double physmem = static_cast<double>(get(n.usage, "physmem-bytes"));
        r.memory_percent = physmem > 0 ? static_cast<double>(r.memory) / physmem * 100.0 : 0;
        if (n.usage.count("memory-cap-bytes")) r.memory_cap = n.usage.at("memory-cap-bytes");
        r.tasks = get(n.usage, "lwps");
        r.rx_bytes = n.rx_bytes;
        r.tx_bytes = n.tx_bytes;
        r.rx_rate = rate(b->rx_bytes, n.rx_bytes, seconds);
        r.tx_rate = rate(b->tx_bytes, n.tx_bytes, seconds);
        rows.push_back(std::move(r));
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        if (a.cpu_percent != b.cpu_percent) return a.cpu_percent > b.cpu_percent;
        return a.name < b.name;
    });
    return rows;
}

std::vector<std::string> render(const Screen& s, const std::vector<Row>& rows, std::size_t width, std::size_t height) {
    std::size_t name_w = 7;   // "[total]"
    for (const Row& r : rows) name_w = std::max(name_w, std::min<std::size_t>(r.name.size(), 24));
    auto line = [&](const std::string& name, const std::string& cpu, const std::string& mem, const std::string& memp,
                    const std::string& cap, const std::string& tasks, const std::string& rxr, const std::string& txr,
                    const std::string& rx, const std::string& tx) {
        return fmt::format("{:<{}} {:>6} {:>7} {:>5} {:>7} {:>6} {:>8} {:>8} {:>7} {:>7}", name.substr(0, name_w), name_w,
                           cpu, mem, memp, cap, tasks, rxr, txr, rx, tx);
    };
    std::vector<std::string> out;
    out.push_back(fmt::format("ztop {}: {} zone{}, {} CPU{}, {} memory; every {} s{}", s.clock, rows.size(),
                              rows.size() == 1 ? "" : "s", s.online_cpus, s.online_cpus == 1 ? "" : "s",
                              size(s.physmem), s.interval, s.interactive ? "; q quits" : ""));
    out.push_back(line("ZONE", "CPU%", "MEMORY", "MEM%", "MEMCAP", "TASKS", "RX/s", "TX/s", "RX", "TX"));
    double cpu = 0, memp = 0, rxr = 0, txr = 0;
    std::uint64_t mem = 0, tasks = 0, rx = 0, tx = 0;
    for (const Row& r : rows) {
        cpu += r.cpu_percent;
        memp += r.memory_percent;
        mem += r.memory;
        tasks += r.tasks;
        rxr += r.rx_rate;
        txr += r.tx_rate;
        rx += r.rx_bytes;
        tx += r.tx_bytes;
    }
    // Room for the rows: the height less the two header lines and the total.
    std::size_t room = rows.size();
    if (height > 3 && rows.size() > height - 3) room = height - 4;   // and a "... more" line
    for (std::size_t i = 0; i < room; ++i) {
        const Row& r = rows[i];
        out.push_back(line(r.name, fmt::format("{:.1f}", r.cpu_percent), size(r.memory),
                           fmt::format("{:.1f}", r.memory_percent), r.memory_cap ? size(*r.memory_cap) : "-",
                           std::to_string(r.tasks), size_rate(r.rx_rate), size_rate(r.tx_rate), size(r.rx_bytes),
                           size(r.tx_bytes)));
    }
    if (room < rows.size()) out.push_back(fmt::format("... {} more zones", rows.size() - room));
    out.push_back(line("[total]", fmt::format("{:.1f}", cpu), size(mem), fmt::format("{:.1f}", memp), "-",
                       std::to_string(tasks), size_rate(rxr), size_rate(txr), size(rx), size(tx)));
    if (width > 0)
        for (std::string& l : out)
            if (l.size() > width) l.resize(width);
    return out;
}

}  // namespace zones::ztop
