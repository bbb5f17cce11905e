// ztop's view, apart from the bus and the terminal: the row of each zone
// from two samples (CPU %, memory, tasks, network bytes and rates) and the
// text of one screen. Pure; unit-tested.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace zones::ztop {

// One zone at one moment: GetUsage's figures and the sums of its
// interfaces' counters (GetInterfaceStatistics).
struct Sample {
    std::string name;
    std::map<std::string, std::uint64_t> usage;
    std::uint64_t rx_bytes = 0, tx_bytes = 0;
};

struct Row {
    std::string name;
    double cpu_percent = 0;                // of the host's CPUs (prstat -Z's CPU)
    std::uint64_t memory = 0;              // bytes
    double memory_percent = 0;             // of the host's memory
    std::optional<std::uint64_t> memory_cap;
    std::uint64_t tasks = 0;
    double rx_rate = 0, tx_rate = 0;       // bytes per second over the interval
    std::uint64_t rx_bytes = 0, tx_bytes = 0;   // since the zone was readied
};

// The rows of `now`, against the sample of the same zone in `before` (a
// zone without one, new since, counts from its own figures: 0 per second).
// Busiest first, then by name.
std::vector<Row> make_rows(const std::vector<Sample>& before, const std::vector<Sample>& now, double seconds);

struct Screen {
    std::string clock;                     // "21:45:03"
    unsigned interval = 2;                 // seconds
    unsigned online_cpus = 0;
    std::uint64_t physmem = 0;
    bool interactive = false;              // a terminal: says how to quit
};

// The lines of one screen: a summary line, the column header, a row per
// zone, a total line. width: cut each line to it (0: no cut); height: at
// most this many lines, the last saying how many zones did not fit (0: no
// limit).
std::vector<std::string> render(const Screen& s, const std::vector<Row>& rows, std::size_t width = 0,
                                std::size_t height = 0);

}  // namespace zones::ztop
