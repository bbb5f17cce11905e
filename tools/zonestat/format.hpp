// zonestat's report: one block per interval, illumos zonestat's shape (a
// header with the interval, a summary line, then per zone what it used
// against its cap: CPU in CPUs, physical memory, lwps). Pure; unit-tested.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace zones::zonestat {

struct ZoneRow {
    std::string name;
    double cpu_used = 0;                   // CPUs (1.00 = one CPU busy)
    std::optional<double> cpu_cap;         // capped-cpu ncpus or dedicated CPUs
    std::uint64_t mem_used = 0;            // bytes
    std::optional<std::uint64_t> mem_cap;  // capped-memory physical
    std::uint64_t lwps = 0;
    std::optional<std::uint64_t> lwps_cap; // max-lwps / max-processes
};

struct Report {
    unsigned interval = 1;                 // 1, 2, ...
    unsigned seconds = 0;                  // since zonestat started
    unsigned online_cpus = 0;
    std::uint64_t physmem = 0;
    std::vector<ZoneRow> zones;            // shown in this order
};

std::string format_report(const Report& r);
// -o json: the report as one JSON object on one line (JSON Lines, one per
// interval); keys in zonestat(1), schema/zonestat.schema.json.
std::string format_json(const Report& r);

// "512K", "100M", "1.50G": the shortest of zonestat's size forms.
std::string format_size(std::uint64_t bytes);
// "50.0%", "100%", "0.60%".
std::string format_percent(double percent);

// The row of one zone from two GetUsage samples `seconds` apart.
ZoneRow make_row(const std::string& name, const std::map<std::string, std::uint64_t>& before,
                 const std::map<std::string, std::uint64_t>& after, double seconds);

}  // namespace zones::zonestat
