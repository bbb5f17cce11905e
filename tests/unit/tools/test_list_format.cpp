// zoneadm list output, byte for byte, against golden files.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "list_format.hpp"

namespace zones::zoneadm {
namespace {

std::string golden(const std::string& name) {
    std::ifstream in(std::string(GOLDEN_DIR) + "/" + name);
    EXPECT_TRUE(in) << "missing golden file " << name;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

ListEntry zone(std::optional<int> id, std::string name, ZoneState state, std::string path,
               std::string uuid, std::string brand, bool excl) {
    return ListEntry{id, std::move(name), state, std::move(path), std::move(uuid),
                     std::move(brand), excl};
}

// In index order, as ListZones returns them.
std::vector<ListEntry> fixture() {
    return {
        zone(7, "web", ZoneState::Running, "/zones/web", "4f1c9c7e-2d35-e35e-b1e9-9e0a4f4fe0b1",
             "sparse", true),
        zone(std::nullopt, "db", ZoneState::Installed, "/zones/db",
             "0c9f3a64-8d1e-4b57-9c3e-2a1f5b6d7e80", "whole", false),
        zone(std::nullopt, "test", ZoneState::Configured, "/zones/test", "", "sparse", true),
        zone(std::nullopt, "half", ZoneState::Incomplete, "/zones/half",
             "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d", "sparse", false),
        zone(3, "stuck", ZoneState::ShuttingDown, "/zones/stuck",
             "11111111-2222-4333-8444-555555555555", "sparse", false),
    };
}

std::string list(ZoneState min_state, ListStyle style) {
    return format_list(select_zones(fixture(), min_state), style);
}

TEST(ListFormat, PlainShowsOnlyZonesWithAnId) {
    EXPECT_EQ(list(ZoneState::Running, ListStyle::Names), golden("list-plain.txt"));
}

TEST(ListFormat, InstalledAddsInstalledZones) {
    EXPECT_EQ(list(ZoneState::Installed, ListStyle::Names), golden("list-i.txt"));
    EXPECT_EQ(list(ZoneState::Installed, ListStyle::Parsable), golden("list-ip.txt"));
}

TEST(ListFormat, ConfiguredAddsEverything) {
    EXPECT_EQ(list(ZoneState::Configured, ListStyle::Names), golden("list-c.txt"));
}

TEST(ListFormat, VerboseColumnsAndShuttingDownAlignment) {
    EXPECT_EQ(list(ZoneState::Running, ListStyle::Verbose), golden("list-v.txt"));
    EXPECT_EQ(list(ZoneState::Configured, ListStyle::Verbose), golden("list-cv.txt"));
}

TEST(ListFormat, Parsable) {
    EXPECT_EQ(list(ZoneState::Configured, ListStyle::Parsable), golden("list-cp.txt"));
}

TEST(ListFormat, SingleZone) {
    const auto all = fixture();
    EXPECT_EQ(format_list({all[2]}, ListStyle::Verbose), golden("list-z-v.txt"));
    EXPECT_EQ(format_list({all[2]}, ListStyle::Parsable), golden("list-z-p.txt"));
    EXPECT_EQ(format_list({global_zone()}, ListStyle::Verbose), golden("list-z-global-v.txt"));
}

TEST(ListFormat, LongValuesAreNotCut) {
    const std::vector<ListEntry> zones{
        zone(std::nullopt, "a-very-long-zone-name.with_all-the.allowed-characters",
             ZoneState::Installed,
             "/srv/zones/some/deeply/nested/location/for/a-very-long-zone-name",
             "0c9f3a64-8d1e-4b57-9c3e-2a1f5b6d7e80", "longbrandname", true)};
    const auto shown = select_zones(zones, ZoneState::Configured);
    EXPECT_EQ(format_list(shown, ListStyle::Verbose), golden("list-long-v.txt"));
    EXPECT_EQ(format_list(shown, ListStyle::Parsable), golden("list-long-p.txt"));
}

TEST(ListFormat, ColonsEscapedOnlyWhenParsable) {
    const std::vector<ListEntry> zones{
        zone(std::nullopt, "colon", ZoneState::Configured, "/zones/a:b:c", "", "sparse", false)};
    const auto shown = select_zones(zones, ZoneState::Configured);
    EXPECT_EQ(format_list(shown, ListStyle::Verbose), golden("list-colon-v.txt"));
    EXPECT_EQ(format_list(shown, ListStyle::Parsable), golden("list-colon-p.txt"));
}

TEST(ListFormat, GlobalZoneFirstAndAlwaysShared) {
    const auto shown = select_zones({}, ZoneState::Running);
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_EQ(shown[0].name, "global");
    EXPECT_EQ(shown[0].id, 0);
    EXPECT_FALSE(shown[0].exclusive);
    EXPECT_EQ(format_zone(shown[0], ListStyle::Parsable), "0:global:running:/::native:shared\n");
}

TEST(ListFormat, ActiveZonesInIdOrderThenIndexOrder) {
    std::vector<ListEntry> zones{
        zone(9, "late", ZoneState::Running, "/z/late", "", "sparse", false),
        zone(std::nullopt, "cfg", ZoneState::Configured, "/z/cfg", "", "sparse", false),
        zone(2, "early", ZoneState::Ready, "/z/early", "", "sparse", false),
        zone(5, "dying", ZoneState::Down, "/z/dying", "", "sparse", false),
    };
    std::vector<std::string> names;
    for (const auto& z : select_zones(zones, ZoneState::Configured))
        names.push_back(z.name);
    EXPECT_EQ(names, (std::vector<std::string>{"global", "early", "dying", "late", "cfg"}));
}

TEST(ListFormat, MountedScratchZonesAreNotKernelZones) {
    std::vector<ListEntry> zones{
        zone(4, "scratch", ZoneState::Mounted, "/z/s", "", "sparse", false),
    };
    EXPECT_EQ(format_list(select_zones(zones, ZoneState::Running), ListStyle::Names), "global\n");
    EXPECT_EQ(format_list(select_zones(zones, ZoneState::Installed), ListStyle::Names),
              "global\nscratch\n");
}

TEST(ListFormat, JsonHasEveryVerboseFieldAndMore) {
    auto zones = select_zones(fixture(), ZoneState::Configured);
    zones[1].autoboot = true;
    const std::string text = format_list(zones, ListStyle::Json);
    EXPECT_EQ(text.back(), '\n');
    auto j = nlohmann::json::parse(text);
    ASSERT_EQ(j.size(), zones.size());
    EXPECT_EQ(j[0]["name"], "global");
    EXPECT_EQ(j[0]["id"], 0);
    EXPECT_EQ(j[0]["autoboot"], true);
    EXPECT_EQ(j[1]["name"], "stuck");   // by ID: 3 before 7
    EXPECT_EQ(j[1]["state"], "shutting_down");
    EXPECT_EQ(j[2]["name"], "web");
    EXPECT_EQ(j[2]["id"], 7);
    EXPECT_EQ(j[2]["zonepath"], "/zones/web");
    EXPECT_EQ(j[2]["uuid"], "4f1c9c7e-2d35-e35e-b1e9-9e0a4f4fe0b1");
    EXPECT_EQ(j[2]["brand"], "sparse");
    EXPECT_EQ(j[2]["ip-type"], "exclusive");
    EXPECT_TRUE(j[2]["autoboot"].is_null());
    EXPECT_TRUE(j[3]["id"].is_null());
    for (const auto& z : j)
        EXPECT_EQ(z.size(), 8u);
}

}  // namespace
}  // namespace zones::zoneadm
