// Zone IDs: one allocator over RUN/*/zoneid and RUN/ids.last under a lock,
// used alike by zonesd and zoneadmd.
#include "zones/zone_id.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "scratch.hpp"

namespace fs = std::filesystem;
using namespace zones;

namespace {

struct RunDir {
    test::ScratchDir dir;
    std::string run() const { return dir.path().string(); }
    int allocate(const std::string& zone) {
        fs::create_directories(dir.path() / zone);
        std::string err;
        const int id = zone_id::allocate(run(), zone, err);
        EXPECT_TRUE(id != 0 || !err.empty());
        last_err = err;
        return id;
    }
    void release(const std::string& zone) { fs::remove(dir.path() / zone / "zoneid"); }
    void put(const std::string& file, const std::string& text) {
        fs::create_directories((dir.path() / file).parent_path());
        std::ofstream(dir.path() / file) << text;
    }
    std::string last_err;
};

TEST(ZoneId, NextFitFromOneAndNeverTwiceAlive) {
    RunDir r;
    EXPECT_EQ(r.allocate("a"), 1);
    EXPECT_EQ(r.allocate("b"), 2);
    EXPECT_EQ(zone_id::read(r.run(), "a"), 1);
    r.release("a");
    EXPECT_EQ(r.allocate("c"), 3);   // next-fit: not the freed 1
    EXPECT_EQ(zone_id::read(r.run(), "a"), 0);
}

TEST(ZoneId, ARebootGetsANewIdNeverAnotherZonesOne) {
    // zoneadmd reboots zone a from inside (its own allocation), then zonesd
    // boots b: one allocator, so b never gets the ID a now holds.
    RunDir r;
    EXPECT_EQ(r.allocate("a"), 1);
    const int rebooted = r.allocate("a");
    EXPECT_EQ(rebooted, 2);
    EXPECT_EQ(zone_id::read(r.run(), "a"), 2);
    const int b = r.allocate("b");
    EXPECT_NE(b, rebooted);
    EXPECT_EQ(b, 3);
}

TEST(ZoneId, WrapsAfter9999AndSkipsLiveOnes) {
    RunDir r;
    r.put("ids.last", "9998\n");
    r.put("live/zoneid", "1\n");
    EXPECT_EQ(r.allocate("a"), 9999);
    EXPECT_EQ(r.allocate("b"), 2);   // wrapped; 1 is alive
}

TEST(ZoneId, GarbageIsNoId) {
    EXPECT_EQ(zone_id::parse("12\n"), 12);
    EXPECT_EQ(zone_id::parse("0\n"), 0);
    EXPECT_EQ(zone_id::parse("10000"), 0);
    EXPECT_EQ(zone_id::parse("-3"), 0);
    EXPECT_EQ(zone_id::parse("7x"), 0);
    EXPECT_EQ(zone_id::parse(""), 0);
    RunDir r;
    r.put("ids.last", "junk");
    r.put("x/zoneid", "junk");
    EXPECT_EQ(r.allocate("a"), 1);
}

TEST(ZoneId, AllInUse) {
    RunDir r;
    for (int i = 1; i <= zone_id::kMax; ++i) r.put("z" + std::to_string(i) + "/zoneid", std::to_string(i) + "\n");
    EXPECT_EQ(r.allocate("new"), 0);
    EXPECT_EQ(r.last_err, "no free zone ID");
    r.release("z5000");
    EXPECT_EQ(r.allocate("new"), 5000);
}

TEST(ZoneId, ConcurrentAllocatorsNeverCollide) {
    // Two daemons' worth of allocations at once (each open() of the lock
    // is its own open file description, as in two processes).
    RunDir r;
    constexpr int kZones = 16;
    for (int i = 0; i < kZones; ++i) fs::create_directories(r.dir.path() / ("z" + std::to_string(i)));
    std::vector<std::thread> ts;
    for (int i = 0; i < kZones; ++i)
        ts.emplace_back([&, i] {
            for (int k = 0; k < 20; ++k) {
                std::string err;
                zone_id::allocate(r.run(), "z" + std::to_string(i), err);
            }
        });
    for (auto& t : ts) t.join();
    std::set<int> ids;
    for (int i = 0; i < kZones; ++i) {
        const int id = zone_id::read(r.run(), "z" + std::to_string(i));
        EXPECT_NE(id, 0);
        ids.insert(id);
    }
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kZones));
}

}  // namespace
