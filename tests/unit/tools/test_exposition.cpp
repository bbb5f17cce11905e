// zones-exporter's page: names, types, labels, escaping, what is left out
// for a zone without figures, and the per-state counts.
#include <gtest/gtest.h>

#include <sstream>

#include "exposition.hpp"

using namespace zones::exporter;

namespace {

Snapshot sample() {
    Snapshot s;
    s.up = true;
    s.seconds = 0.25;
    ZoneSample web;
    web.name = "web";
    web.state = "running";
    web.brand = "sparse";
    web.ip_type = "exclusive";
    web.uuid = "u-1";
    web.id = 7;
    web.live = true;
    web.usage = {{"cpu-usec", 1500000},        {"memory-bytes", 4096},        {"lwps", 3},
                 {"memory-limit-bytes", 1 << 20}, {"lwps-limit", 100},        {"boot-time-usec", 1700000000500000},
                 {"console-log-bytes", 42}};
    web.interfaces.push_back({"net0", {{"rx-bytes", 10}, {"tx-bytes", 20}, {"rx-packets", 1}, {"tx-packets", 2}}});
    s.zones.push_back(web);
    ZoneSample db;
    db.name = "db";
    db.state = "installed";
    db.brand = "whole";
    db.ip_type = "shared";
    s.zones.push_back(db);
    return s;
}

bool has_line(const std::string& text, const std::string& line) {
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        if (l == line) return true;
    return false;
}

}  // namespace

TEST(Exposition, ZoneFigures) {
    const std::string t = render(sample());
    EXPECT_TRUE(has_line(t, "zones_up 1"));
    EXPECT_TRUE(has_line(t, "# TYPE zones_cpu_seconds_total counter"));
    EXPECT_TRUE(has_line(t, "zones_cpu_seconds_total{zone=\"web\"} 1.5"));
    EXPECT_TRUE(has_line(t, "zones_memory_bytes{zone=\"web\"} 4096"));
    EXPECT_TRUE(has_line(t, "zones_memory_max_bytes{zone=\"web\"} 1048576"));
    EXPECT_TRUE(has_line(t, "zones_tasks{zone=\"web\"} 3"));
    EXPECT_TRUE(has_line(t, "zones_tasks_max{zone=\"web\"} 100"));
    EXPECT_TRUE(has_line(t, "zones_boot_time_seconds{zone=\"web\"} 1700000000.5"));
    EXPECT_TRUE(has_line(t, "zones_console_log_bytes{zone=\"web\"} 42"));
    EXPECT_TRUE(has_line(t, "zones_zone_id{zone=\"web\"} 7"));
    EXPECT_TRUE(has_line(t, "zones_network_receive_bytes_total{zone=\"web\",interface=\"net0\"} 10"));
    EXPECT_TRUE(has_line(t, "zones_network_transmit_packets_total{zone=\"web\",interface=\"net0\"} 2"));
    EXPECT_TRUE(has_line(t, "zones_zone_state{zone=\"web\",state=\"running\"} 1"));
    EXPECT_TRUE(has_line(t, "zones_zone_state{zone=\"web\",state=\"installed\"} 0"));
    EXPECT_TRUE(has_line(t, "zones_zone_state{zone=\"db\",state=\"installed\"} 1"));
    EXPECT_TRUE(has_line(t, "zones_zone_info{zone=\"db\",brand=\"whole\",ip_type=\"shared\",uuid=\"\"} 1"));
    EXPECT_TRUE(has_line(t, "zones_exporter_scrape_duration_seconds 0.25"));
    // An installed zone has no ID and no usage; unknown figures are left out.
    EXPECT_EQ(t.find("zones_zone_id{zone=\"db\"}"), std::string::npos);
    EXPECT_EQ(t.find("zones_memory_bytes{zone=\"db\"}"), std::string::npos);
    EXPECT_EQ(t.find("zones_swap_bytes{"), std::string::npos);
}

TEST(Exposition, PerStateCounts) {
    const std::string t = render(sample());
    EXPECT_TRUE(has_line(t, "zones_host_zones{state=\"running\"} 1"));
    EXPECT_TRUE(has_line(t, "zones_host_zones{state=\"installed\"} 1"));
    EXPECT_TRUE(has_line(t, "zones_host_zones{state=\"configured\"} 0"));
    EXPECT_TRUE(has_line(t, "zones_host_zones{state=\"shutting_down\"} 0"));
}

TEST(Exposition, FamiliesOnceEachWithHelp) {
    const std::string t = render(sample());
    std::istringstream in(t);
    std::map<std::string, int> types;
    std::string last_family;
    for (std::string l; std::getline(in, l);) {
        if (l.rfind("# TYPE ", 0) == 0) {
            std::istringstream w(l.substr(7));
            std::string name;
            w >> name;
            ++types[name];
            last_family = name;
        } else if (!l.empty() && l[0] != '#') {
            // each sample belongs to the family announced last
            EXPECT_EQ(l.rfind(last_family, 0), 0U) << l;
        }
    }
    for (const auto& [name, n] : types) {
        EXPECT_EQ(n, 1) << name;
        EXPECT_EQ(name.rfind("zones_", 0), 0U) << name;
        EXPECT_NE(t.find("# HELP " + name + " "), std::string::npos) << name;
    }
}

TEST(Exposition, LabelValuesEscaped) {
    Snapshot s = sample();
    s.zones[0].interfaces[0].name = "a\"b\\c\nd";
    const std::string t = render(s);
    EXPECT_TRUE(has_line(t, "zones_network_receive_bytes_total{zone=\"web\",interface=\"a\\\"b\\\\c\\nd\"} 10"));
}

TEST(Exposition, Down) {
    Snapshot s;
    const std::string t = render(s);
    EXPECT_TRUE(has_line(t, "zones_up 0"));
    EXPECT_TRUE(has_line(t, "zones_host_zones{state=\"running\"} 0"));
}
