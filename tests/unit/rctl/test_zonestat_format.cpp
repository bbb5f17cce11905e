// zonestat's report block and its number forms.
#include <gtest/gtest.h>

#include "format.hpp"

using namespace zones::zonestat;

TEST(ZonestatFormat, Sizes) {
    EXPECT_EQ(format_size(512), "512");
    EXPECT_EQ(format_size(1024), "1.00K");
    EXPECT_EQ(format_size(100ULL << 20), "100M");
    EXPECT_EQ(format_size(15ULL << 20), "15.0M");
    EXPECT_EQ(format_size(3ULL << 29), "1.50G");
}

TEST(ZonestatFormat, Percent) {
    EXPECT_EQ(format_percent(50), "50.0%");
    EXPECT_EQ(format_percent(100), "100%");
    EXPECT_EQ(format_percent(0.6), "0.60%");
}

TEST(ZonestatFormat, RowFromTwoSamples) {
    std::map<std::string, std::uint64_t> a{{"cpu-usec", 1000000}, {"memory-bytes", 1}, {"lwps", 3}};
    std::map<std::string, std::uint64_t> b{{"cpu-usec", 2000000},       {"memory-bytes", 100ULL << 20},
                                           {"lwps", 12},                {"cpu-cap-percent", 50},
                                           {"memory-cap-bytes", 256ULL << 20}, {"lwps-cap", 100}};
    ZoneRow r = make_row("web", a, b, 2.0);
    EXPECT_DOUBLE_EQ(r.cpu_used, 0.5);
    ASSERT_TRUE(r.cpu_cap.has_value());
    EXPECT_DOUBLE_EQ(*r.cpu_cap, 0.5);
    EXPECT_EQ(r.mem_used, 100ULL << 20);
    EXPECT_EQ(r.mem_cap, 256ULL << 20);
    EXPECT_EQ(r.lwps, 12U);
    EXPECT_EQ(r.lwps_cap, 100U);
    // dedicated CPUs are the cap when there is no cpu-cap
    ZoneRow d = make_row("db", a, {{"cpu-usec", 1000000}, {"dedicated-cpus", 2}}, 1.0);
    EXPECT_DOUBLE_EQ(d.cpu_used, 0);
    EXPECT_DOUBLE_EQ(d.cpu_cap.value_or(-1), 2.0);
    EXPECT_FALSE(d.mem_cap.has_value());
}

TEST(ZonestatFormat, Block) {
    Report r;
    r.interval = 2;
    r.seconds = 65;
    r.online_cpus = 2;
    r.physmem = 8ULL << 30;
    r.zones.push_back({"web", 0.5, 1.0, 100ULL << 20, 256ULL << 20, 12, 100});
    r.zones.push_back({"db", 0.25, std::nullopt, 20ULL << 20, std::nullopt, 3, std::nullopt});
    const std::string want =
        "Interval: 2, Duration: 0:01:05\n"
        "SUMMARY                              Cpus/Online: 2   PhysMem: 8.00G\n"
        "                     -----------------CPU  -------------PhysMem  ----------------Lwps\n"
        "                ZONE   USED    CAP   %CAP    USED    CAP   %CAP    USED    CAP   %CAP\n"
        "             [total]   0.75   2.00  37.5%    120M  8.00G  1.46%      15      -      -\n"
        "                 web   0.50   1.00  50.0%    100M   256M  39.1%      12    100  12.0%\n"
        "                  db   0.25      -      -   20.0M      -      -       3      -      -\n";
    EXPECT_EQ(format_report(r), want);
}
