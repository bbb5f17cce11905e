// Per-zone id ranges (lib/zones/idmap): parse/format/pick, and allocation
// in a scratch store, including concurrent allocators (threads and forks).
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "scratch.hpp"
#include "zones/file_util.hpp"
#include "zones/idmap.hpp"

using namespace zones;
using zones::test::ScratchDir;

TEST(Idmap, ParseDropsGarbageAndOverlaps) {
    const auto b0 = idmap::kFirstBase, b1 = b0 + idmap::kRangeSize;
    auto t = idmap::parse(fmt::format("web {}\ndb {}\nbad 12\nodd {}\ndup {}\nweb {}\n\nnonum x\n", b0, b1, b0 + 1, b0,
                                      b1 + idmap::kRangeSize));
    EXPECT_EQ((idmap::Table{{"web", b0}, {"db", b1}}), t);
    EXPECT_EQ(idmap::format(t), fmt::format("db {}\nweb {}\n", b1, b0));
    EXPECT_EQ(t, idmap::parse(idmap::format(t)));
}

TEST(Idmap, PickLowestFree) {
    const auto b0 = idmap::kFirstBase, r = idmap::kRangeSize;
    EXPECT_EQ(b0, idmap::pick({}));
    EXPECT_EQ(b0 + r, idmap::pick({{"a", b0}, {"c", b0 + 2 * r}}));
    idmap::Table full;
    for (std::uint32_t i = 0; i < idmap::kMaxRanges; ++i) full.emplace(std::to_string(i), b0 + i * r);
    EXPECT_EQ(0u, idmap::pick(full));
    // The last range ends below 2^31.
    EXPECT_LE(std::uint64_t{b0} + std::uint64_t{idmap::kMaxRanges} * r, 0x80000000ull);
}

TEST(Idmap, ShiftStampRoundTripsAndGoesWithANewIdbase) {
    ScratchDir d;
    const auto b0 = idmap::kFirstBase;
    const std::string id = "0f2c6d3e-5b7a-4c1d-9e8f-a1b2c3d4e5f6";
    EXPECT_FALSE(idmap::read_shift_stamp(d.path()));
    idmap::write_shift_stamp(d.path(), {b0, 1796600000, 123456789, 5000000000, id});
    auto st = idmap::read_shift_stamp(d.path());
    ASSERT_TRUE(st);
    EXPECT_EQ(st->base, b0);
    EXPECT_EQ(st->sec, 1796600000);
    EXPECT_EQ(st->nsec, 123456789);
    EXPECT_EQ(st->boot_ns, 5000000000);
    EXPECT_EQ(st->boot_id, id);
    // Anything else is no stamp: a whole walk, never a partial one.
    const std::string ok = fmt::format("{} 1 1 1 {}\n", b0, id);
    EXPECT_TRUE(idmap::parse_shift_stamp(ok));
    for (const std::string& bad :
         {std::string(), fmt::format("{} 1 1\n", b0), fmt::format("{} 1 1 1 {}", b0, id),
          fmt::format("12 1 1 1 {}\n", id), fmt::format("{} -1 0 1 {}\n", b0, id),
          fmt::format("{} 1 1000000000 1 {}\n", b0, id), fmt::format("{} 1 1 -1 {}\n", b0, id),
          fmt::format("{} 1 1 1 {}\n", b0, id.substr(1)), fmt::format("{} 1 1 1 {} x\n", b0, id),
          fmt::format("{} 1 1 1 {}\n", b0 + 1, id)})
        EXPECT_FALSE(idmap::parse_shift_stamp(bad)) << bad;
    // A new record of where the owners are (clone, attach, install, a
    // shift into another range) removes the stamp.
    idmap::write_root_base(d.path(), b0);
    EXPECT_FALSE(idmap::read_shift_stamp(d.path()));
    idmap::write_shift_stamp(d.path(), {b0, 1, 0, 0, id});
    idmap::write_root_base(d.path(), std::nullopt);
    EXPECT_FALSE(idmap::read_shift_stamp(d.path()));
}

TEST(Idmap, AllocateIsStableAndDisjoint) {
    ScratchDir d;
    const auto a = idmap::allocate(d.path(), "web");
    EXPECT_EQ(a, idmap::allocate(d.path(), "web"));
    const auto b = idmap::allocate(d.path(), "db");
    EXPECT_NE(a, b);
    EXPECT_EQ(a, idmap::lookup(d.path(), "web"));
    idmap::release(d.path(), "web");
    EXPECT_FALSE(idmap::lookup(d.path(), "web"));
    EXPECT_EQ(a, idmap::allocate(d.path(), "app"));   // freed range reused
    EXPECT_EQ(b, idmap::lookup(d.path(), "db"));
}

TEST(Idmap, ConcurrentAllocatorsNeverOverlap) {
    ScratchDir d;
    std::vector<pid_t> kids;
    for (int p = 0; p < 4; ++p) {
        pid_t k = ::fork();
        if (k == 0) {
            std::vector<std::thread> ts;
            for (int t = 0; t < 4; ++t)
                ts.emplace_back([&, p, t] { idmap::allocate(d.path(), fmt::format("z{}-{}", p, t)); });
            for (auto& t : ts) t.join();
            ::_exit(0);
        }
        kids.push_back(k);
    }
    for (pid_t k : kids) {
        int st = 0;
        ::waitpid(k, &st, 0);
        EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    auto text = fsutil::read_file(d.path() / "idmap", 1 << 20);
    ASSERT_TRUE(text);
    auto t = idmap::parse(*text);
    EXPECT_EQ(16u, t.size());
    std::set<std::uint32_t> bases;
    for (auto& kv : t) bases.insert(kv.second);
    EXPECT_EQ(16u, bases.size());
}
