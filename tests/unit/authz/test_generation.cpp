// Manager::generation: which zone a name stands for. A call authorized for
// one zone re-checks it when its turn comes on the zone's lane
// (zone-calls.cpp), so a rename and a new zone of the same name in between
// must give the name a new generation.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "../core/scratch.hpp"
#include "manager.hpp"
#include "zones/xml.hpp"

using namespace zones;
using namespace zones::daemon;
namespace fs = std::filesystem;

namespace {

std::string config(const std::string& name, const std::string& zonepath) {
    ZoneConfig c;
    c.name = name;
    c.zonepath = zonepath;
    c.brand = "sparse";
    return to_xml(c);
}

}  // namespace

TEST(ManagerGeneration, ANameGetsANewOneWhenItNamesAnotherZone) {
    test::ScratchDir dir;
    Manager m(dir.path());
    m.refresh();
    EXPECT_EQ(m.generation("web"), 0u);

    m.set_configuration("", config("web", "/zones/web"));
    const std::uint64_t first = m.generation("web");
    EXPECT_NE(first, 0u);

    m.set_configuration("web", config("web", "/zones/web2"));
    EXPECT_EQ(m.generation("web"), first) << "a change keeps the zone what it is";
    m.refresh();
    EXPECT_EQ(m.generation("web"), first);

    m.set_configuration("web", config("old", "/zones/web2"));
    EXPECT_EQ(m.generation("web"), 0u) << "renamed away";
    const std::uint64_t renamed = m.generation("old");
    EXPECT_NE(renamed, 0u);
    EXPECT_NE(renamed, first);

    m.set_configuration("", config("web", "/zones/other"));
    EXPECT_NE(m.generation("web"), 0u);
    EXPECT_NE(m.generation("web"), first) << "a new zone under the old name";
    EXPECT_EQ(m.generation("old"), renamed);

    m.delete_configuration("old", true);
    EXPECT_EQ(m.generation("old"), 0u);
}
