// The GetUsage dictionary: usage, host figures, and the caps configured
// (observed ones marked), and no figures for a zone without a zoneadmd.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "zone-usage.hpp"

using namespace zones;
using namespace zones::daemon;

TEST(ZoneUsage, FiguresAndCaps) {
    ZoneConfig c;
    c.name = "web";
    c.mcap_physical = 64ULL << 20;
    c.rctls.push_back({"zone.max-lwps", {{"privileged", "200", "deny"}}});
    c.rctls.push_back({"zone.cpu-cap", {{"privileged", "150", "deny"}}});
    c.rctls.push_back({"zone.max-msg-ids", {{"privileged", "100", "none"}}});
    ZoneUsage u;
    u.cpu_usec = 7;
    u.memory_bytes = 4096;
    u.lwps = 3;
    const auto m = usage_figures(u, c);
    EXPECT_EQ(m.at("cpu-usec"), 7U);
    EXPECT_EQ(m.at("memory-bytes"), 4096U);
    EXPECT_EQ(m.at("lwps"), 3U);
    EXPECT_GE(m.at("online-cpus"), 1U);
    EXPECT_GT(m.at("physmem-bytes"), 0U);
    EXPECT_EQ(m.at("memory-cap-bytes"), 64ULL << 20);
    EXPECT_EQ(m.at("lwps-cap"), 200U);
    EXPECT_EQ(m.at("cpu-cap-percent"), 150U);
    EXPECT_EQ(m.at("msg-ids-cap"), 100U);
    EXPECT_EQ(m.at("msg-ids-cap-observed"), 1U);
    EXPECT_EQ(m.count("lwps-cap-observed"), 0U);
    EXPECT_EQ(m.count("swap-cap-bytes"), 0U);
    EXPECT_EQ(m.count("dedicated-cpus"), 0U);
}

TEST(ZoneUsage, NoZoneadmdNoFigures) {
    const auto dir = std::filesystem::temp_directory_path() / ("zone-usage-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    EXPECT_FALSE(read_zone_usage(dir).has_value());   // no zoneadmd.pid
    // A process that is not in a zone's supervisor/ cgroup is no zoneadmd.
    std::ofstream(dir / "zoneadmd.pid") << ::getpid() << "\n";
    EXPECT_FALSE(read_zone_usage(dir).has_value());
    std::filesystem::remove_all(dir);
}

TEST(ZoneUsage, InForceFiguresOnlyWhenKnown) {
    ZoneConfig c;
    c.name = "web";
    ZoneUsage u;
    auto m = usage_figures(u, c);
    for (const char* k : {"memory-limit-bytes", "swap-bytes", "swap-limit-bytes", "lwps-limit", "boot-time-usec",
                          "console-log-bytes"})
        EXPECT_EQ(m.count(k), 0U) << k;
    u.memory_limit_bytes = 1 << 20;
    u.swap_bytes = 0;
    u.lwps_limit = 100;
    u.boot_time_usec = 1700000000000000ULL;
    u.console_log_bytes = 42;
    m = usage_figures(u, c);
    EXPECT_EQ(m.at("memory-limit-bytes"), 1U << 20);
    EXPECT_EQ(m.at("swap-bytes"), 0U);
    EXPECT_EQ(m.at("lwps-limit"), 100U);
    EXPECT_EQ(m.at("boot-time-usec"), 1700000000000000ULL);
    EXPECT_EQ(m.at("console-log-bytes"), 42U);
    EXPECT_EQ(m.count("swap-limit-bytes"), 0U);
}

TEST(ZoneUsage, CgroupLimits) {
    EXPECT_FALSE(parse_cgroup_limit("max\n").has_value());
    EXPECT_FALSE(parse_cgroup_limit("9223372036854771712\n").has_value());   // v1 unlimited
    EXPECT_FALSE(parse_cgroup_limit("").has_value());
    EXPECT_FALSE(parse_cgroup_limit("12abc").has_value());
    EXPECT_EQ(parse_cgroup_limit("536870912\n"), 536870912U);
    EXPECT_EQ(parse_cgroup_limit("0"), 0U);
}

TEST(ZoneUsage, ProcessStart) {
    // comm with a space and a ')': fields are counted from the last ')'.
    const std::string stat =
        "4242 (a b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 12345 1000000 100 "
        "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";
    EXPECT_EQ(process_start_usec(stat, 1000000000ULL, 100), 1000000000ULL + 123450000ULL);
    EXPECT_FALSE(process_start_usec("garbage", 0, 100).has_value());
    EXPECT_FALSE(process_start_usec("1 (x) S 1 2", 0, 100).has_value());
    EXPECT_FALSE(process_start_usec(stat, 0, 0).has_value());
}

