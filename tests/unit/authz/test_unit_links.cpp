// unit-links: the one scan of systemd's configuration directories that
// tells zonesd which zones' zone@ units a systemctl enable/disable/mask
// touched, so that it asks systemd about those only.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "unit-links.hpp"

using namespace zones::daemon;
namespace fs = std::filesystem;

namespace {

struct Scratch {
    fs::path path;
    Scratch() {
        std::string t = (fs::temp_directory_path() / "zones-links-XXXXXX").string();
        if (::mkdtemp(t.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        path = t;
        fs::create_directories(path / "etc" / "multi-user.target.wants");
        fs::create_directories(path / "etc" / "zones.target.wants");
        fs::create_directories(path / "run");
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::vector<fs::path> dirs() const { return {path / "etc", path / "run"}; }
};

void link(const fs::path& target, const fs::path& at) { fs::create_symlink(target, at); }

}  // namespace

TEST(UnitLinks, FindsEnabledMaskedAndAliasedInstancesOnly) {
    Scratch s;
    const fs::path etc = s.path / "etc";
    link("/usr/lib/systemd/system/zone@.service", etc / "multi-user.target.wants" / "zone@web.service");
    link("/usr/lib/systemd/system/zone@.service", etc / "zones.target.wants" / "zone@web.service");
    link("/dev/null", s.path / "run" / "zone@a\\x2db.service");                  // masked at runtime
    link("/usr/lib/systemd/system/zone@.service", etc / "multi-user.target.wants" / "zone@.service");
    link("/usr/lib/systemd/system/cron.service", etc / "multi-user.target.wants" / "cron.service");
    link("zone@db.service", etc / "db-alias.service");                          // an alias
    fs::create_directories(etc / "zone@web.service.d");                          // drop-ins: not state
    fs::create_directories(etc / "getty.target.wants" / "deeper.wants");
    link("/x/zone@.service", etc / "getty.target.wants" / "deeper.wants" / "zone@deep.service");

    const UnitLinks links = scan_unit_links(s.dirs());
    ASSERT_EQ(links.size(), 4u);
    ASSERT_TRUE(links.count("zone@web.service"));
    EXPECT_EQ(links.at("zone@web.service").size(), 2u);
    EXPECT_TRUE(links.count("zone@a\\x2db.service"));
    EXPECT_TRUE(links.count("zone@db.service"));
    EXPECT_TRUE(links.count(kZoneServiceTemplate));
    EXPECT_FALSE(links.count("zone@deep.service")) << "only one level of .wants directories";
    EXPECT_NE(links.at("zone@a\\x2db.service")[0].find(" -> /dev/null"), std::string::npos);
}

TEST(UnitLinks, MissingDirectoriesHoldNothing) {
    EXPECT_TRUE(scan_unit_links({"/nonexistent/zones-test/etc"}).empty());
}

TEST(UnitLinks, ChangedUnitsAreThoseWhoseEntriesDiffer) {
    Scratch s;
    const fs::path wants = s.path / "etc" / "multi-user.target.wants";
    link("/t/zone@.service", wants / "zone@a.service");
    link("/t/zone@.service", wants / "zone@b.service");
    const UnitLinks before = scan_unit_links(s.dirs());
    EXPECT_TRUE(changed_units(before, before).empty());

    // An unrelated unit's enable changes nothing of ours.
    link("/t/cron.service", wants / "cron.service");
    EXPECT_TRUE(changed_units(before, scan_unit_links(s.dirs())).empty());

    fs::remove(wants / "zone@a.service");                                  // disabled
    link("/t/zone@.service", s.path / "etc" / "zones.target.wants" / "zone@b.service");   // one more link
    link("/dev/null", s.path / "etc" / "zone@c.service");                 // masked
    const UnitLinks after = scan_unit_links(s.dirs());
    EXPECT_EQ(changed_units(before, after),
              (std::vector<std::string>{"zone@a.service", "zone@b.service", "zone@c.service"}));
    EXPECT_EQ(changed_units(after, before),
              (std::vector<std::string>{"zone@a.service", "zone@b.service", "zone@c.service"}));

    // Same name, another target: a change too.
    fs::remove(s.path / "etc" / "zone@c.service");
    link("/srv/zone@c.service", s.path / "etc" / "zone@c.service");       // linked
    EXPECT_EQ(changed_units(after, scan_unit_links(s.dirs())), (std::vector<std::string>{"zone@c.service"}));
}

TEST(UnitLinks, ZoneOfServiceUnit) {
    EXPECT_EQ(zone_of_service_unit("zone@web.service"), "web");
    EXPECT_EQ(zone_of_service_unit("zone@a\\x2db.service"), "a-b");
    EXPECT_EQ(zone_of_service_unit("zone@a.b_c.service"), "a.b_c");
    EXPECT_FALSE(zone_of_service_unit("zone@.service"));
    EXPECT_FALSE(zone_of_service_unit("zone@a-b.service")) << "not how zonesd names a-b's unit";
    EXPECT_FALSE(zone_of_service_unit("zone@web.scope"));
    EXPECT_FALSE(zone_of_service_unit("cron.service"));
    EXPECT_FALSE(zone_of_service_unit("zone@web"));
}
