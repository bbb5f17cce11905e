// ztop's rows and screen text.
#include <gtest/gtest.h>

#include "table.hpp"

using namespace zones::ztop;

namespace {
Sample z(const std::string& name, std::uint64_t cpu_usec, std::uint64_t mem, std::uint64_t rx, std::uint64_t tx) {
    Sample s;
    s.name = name;
    s.usage = {{"cpu-usec", cpu_usec}, {"memory-bytes", mem}, {"lwps", 7}, {"online-cpus", 4},
               {"physmem-bytes", 4ULL << 30}};
    s.rx_bytes = rx;
    s.tx_bytes = tx;
    return s;
}
}  // namespace

TEST(ZtopRows, RatesOverTheInterval) {
    const auto rows = make_rows({z("a", 1000000, 0, 1000, 0), z("b", 0, 0, 0, 0)},
                                {z("a", 3000000, 1ULL << 30, 5000, 2048), z("b", 1000000, 512ULL << 20, 0, 0)}, 2.0);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].name, "a");                   // busiest first
    EXPECT_DOUBLE_EQ(rows[0].cpu_percent, 25.0);    // 1 CPU of 4
    EXPECT_DOUBLE_EQ(rows[0].memory_percent, 25.0);
    EXPECT_DOUBLE_EQ(rows[0].rx_rate, 2000.0);
    EXPECT_DOUBLE_EQ(rows[0].tx_rate, 1024.0);
    EXPECT_EQ(rows[0].rx_bytes, 5000u);
    EXPECT_EQ(rows[0].tasks, 7u);
    EXPECT_DOUBLE_EQ(rows[1].cpu_percent, 12.5);
}

TEST(ZtopRows, NewZoneAndCountersThatStartedAgain) {
    // c is new since the last sample: no rate yet; d was halted and
    // readied again: its counters count from 0.
    const auto rows = make_rows({z("d", 9000000, 0, 90000, 0)}, {z("c", 5000000, 0, 100, 0), z("d", 1000000, 0, 300, 0)}, 1.0);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].name, "d");
    EXPECT_DOUBLE_EQ(rows[0].cpu_percent, 25.0);
    EXPECT_DOUBLE_EQ(rows[0].rx_rate, 300.0);
    EXPECT_EQ(rows[1].name, "c");
    EXPECT_DOUBLE_EQ(rows[1].cpu_percent, 0.0);
    EXPECT_DOUBLE_EQ(rows[1].rx_rate, 0.0);
}

TEST(ZtopScreen, Lines) {
    Screen s{"12:00:00", 2, 4, 4ULL << 30, false};
    auto rows = make_rows({z("web", 0, 0, 0, 0)}, {z("web", 2000000, 100ULL << 20, 4096, 1024)}, 2.0);
    rows[0].memory_cap = 512ULL << 20;
    const auto lines = render(s, rows);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0], "ztop 12:00:00: 1 zone, 4 CPUs, 4.00G memory; every 2 s");
    EXPECT_EQ(lines[1], "ZONE      CPU%  MEMORY  MEM%  MEMCAP  TASKS     RX/s     TX/s      RX      TX");
    EXPECT_EQ(lines[2], "web       25.0    100M   2.4    512M      7    2.00K      512   4.00K   1.00K");
    EXPECT_EQ(lines[3], "[total]   25.0    100M   2.4       -      7    2.00K      512   4.00K   1.00K");
}

TEST(ZtopScreen, CutToTheTerminal) {
    Screen s{"12:00:00", 1, 4, 4ULL << 30, true};
    std::vector<Sample> now;
    for (int i = 0; i < 10; ++i) now.push_back(z("zone" + std::to_string(i), 0, 0, 0, 0));
    const auto lines = render(s, make_rows(now, now, 1.0), 30, 8);
    ASSERT_EQ(lines.size(), 8u);
    EXPECT_EQ(lines[0], "ztop 12:00:00: 10 zones, 4 CPU");
    EXPECT_EQ(lines[6], "... 6 more zones");
    EXPECT_EQ(lines[7].substr(0, 7), "[total]");
    for (const auto& l : lines) EXPECT_LE(l.size(), 30u);
}
