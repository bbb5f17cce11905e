// Zone IDs: one allocator over RUN/*/zoneid, RUN/ids.last and the bitmap
// RUN/.ids under a lock, used alike by zonesd and zoneadmd.
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
    // A zoneid removed behind the allocator's back (a crash, an old tool):
    // its bit stays set.
    void release(const std::string& zone) { fs::remove(dir.path() / zone / "zoneid"); }
    void release_properly(const std::string& zone) {
        std::string err;
        EXPECT_TRUE(zone_id::release(run(), zone, err)) << err;
    }
    void put_bitmap(const std::string& bytes) {
        std::ofstream(dir.path() / zone_id::kBitmapFile, std::ios::binary | std::ios::trunc) << bytes;
    }
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

TEST(ZoneId, ReleaseFreesTheIdForTheNextRound) {
    RunDir r;
    EXPECT_EQ(r.allocate("a"), 1);
    EXPECT_EQ(r.allocate("b"), 2);
    r.release_properly("a");
    EXPECT_FALSE(fs::exists(r.dir.path() / "a" / "zoneid"));
    r.release_properly("a");   // twice: nothing to do
    r.put("ids.last", "0\n");
    EXPECT_EQ(r.allocate("c"), 1);
    EXPECT_EQ(r.allocate("d"), 3);
}

TEST(ZoneId, ARebootFreesTheOldId) {
    RunDir r;
    EXPECT_EQ(r.allocate("a"), 1);
    EXPECT_EQ(r.allocate("a"), 2);
    r.put("ids.last", "0\n");
    EXPECT_EQ(r.allocate("b"), 1);
}

TEST(ZoneId, AllocationReadsTheBitmapNotEveryZone) {
    // The cost does not grow with the zones: once the bitmap exists, an
    // allocation does not read RUN/*/zoneid. Shown with a zoneid written
    // behind the allocator's back (only the allocator writes them), which
    // it does not see.
    RunDir r;
    EXPECT_EQ(r.allocate("a"), 1);
    r.put("ghost/zoneid", "2\n");
    EXPECT_EQ(r.allocate("b"), 2);
}

TEST(ZoneId, StaleBitsAreSkippedThenReclaimedWhenTheBitmapIsFull) {
    // Crash recovery: zones halted without release() (or a crash between
    // the bit and the zoneid file) leave bits set. They are skipped while
    // clear bits remain; once none does, one scan of the zoneid files
    // frees every stale one, and live IDs are never handed out twice.
    RunDir r;
    EXPECT_EQ(r.allocate("a"), 1);
    EXPECT_EQ(r.allocate("b"), 2);
    r.release("a");                       // bit 1 stays set
    r.put("ids.last", "0\n");
    EXPECT_EQ(r.allocate("c"), 3);        // skips the stale 1
    r.release("c");
    r.put_bitmap(std::string(1250, '\xff'));   // every ID looks taken
    r.put("ids.last", "0\n");
    EXPECT_EQ(r.allocate("d"), 1);        // reclaimed: 1 is free, 2 is b's
    EXPECT_EQ(r.allocate("e"), 3);
    EXPECT_EQ(zone_id::read(r.run(), "b"), 2);
}

TEST(ZoneId, ADamagedOrMissingBitmapIsRebuiltFromTheZoneidFiles) {
    RunDir r;
    EXPECT_EQ(r.allocate("a"), 1);
    EXPECT_EQ(r.allocate("b"), 2);
    for (const std::string& junk : {std::string("xyz"), std::string(4096, '\0'), std::string()}) {
        r.put_bitmap(junk);   // truncated, too long, empty: the wrong size
        r.put("ids.last", "0\n");
        const int id = r.allocate("c");
        EXPECT_EQ(id, 3) << "junk of " << junk.size() << " bytes";
        EXPECT_EQ(fs::file_size(r.dir.path() / zone_id::kBitmapFile), 1250u);
        r.release_properly("c");
    }
    fs::remove(r.dir.path() / zone_id::kBitmapFile);   // /run emptied, or never made
    r.put("ids.last", "0\n");
    EXPECT_EQ(r.allocate("c"), 3);
}

TEST(ZoneId, ConcurrentAllocatorsAndReleasesNeverCollide) {
    RunDir r;
    constexpr int kZones = 16;
    for (int i = 0; i < kZones; ++i) fs::create_directories(r.dir.path() / ("z" + std::to_string(i)));
    std::vector<std::thread> ts;
    for (int i = 0; i < kZones; ++i)
        ts.emplace_back([&, i] {
            const std::string z = "z" + std::to_string(i);
            for (int k = 0; k < 20; ++k) {
                std::string err;
                zone_id::allocate(r.run(), z, err);
                if (k % 3 == 0) zone_id::release(r.run(), z, err);
            }
            std::string err;
            zone_id::allocate(r.run(), z, err);
        });
    for (auto& t : ts) t.join();
    std::set<int> ids;
    for (int i = 0; i < kZones; ++i) {
        const int id = zone_id::read(r.run(), "z" + std::to_string(i));
        EXPECT_NE(id, 0);
        ids.insert(id);
    }
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kZones));
    // The bitmap holds exactly the live IDs: releases and reboots cleared
    // what they freed.
    std::ifstream in(r.dir.path() / zone_id::kBitmapFile, std::ios::binary);
    std::string bits((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_EQ(bits.size(), 1250u);
    std::set<int> set_bits;
    for (int id = 1; id <= zone_id::kMax; ++id)
        if ((static_cast<unsigned char>(bits[id / 8]) >> (id % 8) & 1) != 0) set_bits.insert(id);
    EXPECT_EQ(set_bits, ids);
}

}  // namespace
