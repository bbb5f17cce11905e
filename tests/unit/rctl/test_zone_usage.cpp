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
