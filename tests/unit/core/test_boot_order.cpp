// Ordered autoboot (zones/boot_order.hpp): the attrs, verify's lines, the
// cycle check, and the schedule from configurations.
#include <gtest/gtest.h>

#include "zones/boot_order.hpp"
#include "zones/verify.hpp"

#include <fmt/format.h>

using namespace zones;
using namespace zones::boot_order;
using Msgs = std::vector<std::string>;
using Waves = std::vector<std::vector<std::string>>;
using Dir = Scheduler::Direction;

namespace {

ZoneConfig zone(const std::string& name, std::vector<Attr> attrs = {}) {
    ZoneConfig c;
    c.name = name;
    c.zonepath = "/zones/" + name;
    c.brand = "sparse";
    c.attrs = std::move(attrs);
    return c;
}
Attr prio(const std::string& v, const std::string& type = "int") {
    return {"boot-priority", type, v};
}
Attr after(const std::string& v, const std::string& type = "string") {
    return {"boot-after", type, v};
}
Entry e(const std::string& name, int priority = 0, std::vector<std::string> deps = {}) {
    return Entry{name, priority, std::move(deps)};
}

}  // namespace

TEST(BootOrder, EntryOfConfiguration) {
    EXPECT_EQ(entry_of(zone("web")), e("web"));
    EXPECT_EQ(entry_of(zone("web", {prio("10"), after("db, ldap,db")})),
              e("web", 10, {"db", "ldap"}));
    EXPECT_EQ(entry_of(zone("web", {prio("-5")})), e("web", -5));
    // What verify refuses reads as the default.
    EXPECT_EQ(entry_of(zone("web", {prio("10", "string"), after("web,bad name")})), e("web"));
}

TEST(BootOrder, VerifyAcceptsGoodAttrs) {
    EXPECT_EQ(verify_config(zone("web", {prio("10"), after("db,ldap")})), Msgs{});
    EXPECT_EQ(verify_config(zone("web", {prio("-3")})), Msgs{});
}

TEST(BootOrder, VerifyRefusesBadAttrs) {
    EXPECT_EQ(verify_config(zone("web", {prio("high", "string")})),
              Msgs{"attr boot-priority: type must be int"});
    EXPECT_EQ(verify_config(zone("web", {prio("99999999999")})),
              Msgs{"attr boot-priority: value must be an integer from -2147483648 to 2147483647"});
    EXPECT_EQ(verify_config(zone("web", {after("1", "int")})),
              Msgs{"attr boot-after: type must be string"});
    EXPECT_EQ(verify_config(zone("web", {after("web")})),
              Msgs{"attr boot-after: a zone cannot boot after itself"});
    EXPECT_EQ(verify_config(zone("web", {after("db,,global")})),
              (Msgs{"attr boot-after: '' is not a zone name",
                    "attr boot-after: 'global' is not a zone name"}));
}

TEST(BootOrder, GraphUnknownZone) {
    const std::vector<Entry> all{e("a"), e("b", 0, {"a", "nope"})};
    EXPECT_EQ(check_graph(all), Msgs{"attr boot-after: zone 'nope' is not configured"});
    EXPECT_EQ(check_graph(all, "b"), Msgs{"attr boot-after: zone 'nope' is not configured"});
    EXPECT_EQ(check_graph(all, "a"), Msgs{});
}

TEST(BootOrder, GraphCycle) {
    const std::vector<Entry> all{e("a", 0, {"c"}), e("b", 0, {"a"}), e("c", 0, {"b"}),
                                 e("d", 0, {"a"})};
    EXPECT_EQ(check_graph(all), Msgs{"attr boot-after: dependency cycle: a -> c -> b -> a"});
    EXPECT_EQ(check_graph(all, "b"), Msgs{"attr boot-after: dependency cycle: b -> a -> c -> b"});
    // d depends on the cycle but is not in it.
    EXPECT_EQ(check_graph(all, "d"), Msgs{});
    EXPECT_EQ(check_graph({e("x", 0, {"y"}), e("y", 0, {"x"})}),
              Msgs{"attr boot-after: dependency cycle: x -> y -> x"});
    EXPECT_EQ(check_graph({e("x"), e("y", 0, {"x"}), e("z", 0, {"x", "y"})}), Msgs{});
}

TEST(BootOrder, ScheduleByPriorityThenName) {
    const std::vector<Entry> all{e("low", -1), e("b"), e("a"), e("high", 10), e("mid", 5)};
    EXPECT_EQ(schedule(all, Dir::Boot), (Waves{{"high"}, {"mid"}, {"a", "b"}, {"low"}}));
    EXPECT_EQ(schedule(all, Dir::Stop), (Waves{{"low"}, {"b", "a"}, {"mid"}, {"high"}}));
}

TEST(BootOrder, ScheduleChain) {
    // c after b after a, all of the same priority, beside two free zones.
    const std::vector<Entry> all{e("c", 0, {"b"}), e("x"), e("b", 0, {"a"}), e("a"), e("y")};
    EXPECT_EQ(schedule(all, Dir::Boot), (Waves{{"a", "x", "y"}, {"b"}, {"c"}}));
    EXPECT_EQ(schedule(all, Dir::Stop), (Waves{{"y", "x", "c"}, {"b"}, {"a"}}));
}

TEST(BootOrder, DependencyInheritsPriority) {
    // web (10) boots after db (0): db is promoted to 10, ahead of app (5).
    const std::vector<Entry> all{e("web", 10, {"db"}), e("db"), e("app", 5)};
    Scheduler s(all, Dir::Boot);
    EXPECT_EQ(s.effective_priority("db"), 10);
    EXPECT_EQ(s.effective_priority("app"), 5);
    EXPECT_EQ(schedule(all, Dir::Boot), (Waves{{"db"}, {"web"}, {"app"}}));
    EXPECT_EQ(schedule(all, Dir::Stop), (Waves{{"app"}, {"web"}, {"db"}}));
}

TEST(BootOrder, FailureBlocksOnlyDependents) {
    Scheduler s({e("a"), e("b", 0, {"a"}), e("c", 0, {"b"}), e("x"), e("z", -1)}, Dir::Boot);
    EXPECT_EQ(s.next(), "a");
    EXPECT_EQ(s.next(), "x");
    EXPECT_EQ(s.next(), std::nullopt);     // b waits for a; z for the level
    s.finish("a", false);
    EXPECT_EQ(s.take_failed(),
              (std::vector<std::pair<std::string, std::string>>{
                  {"b", "not booted: it boots after zone 'a', which failed to boot"},
                  {"c", "not booted: it boots after zone 'b', which did not boot"}}));
    EXPECT_EQ(s.next(), std::nullopt);     // x still booting
    s.finish("x", true);
    EXPECT_EQ(s.next(), "z");
    s.finish("z", true);
    EXPECT_TRUE(s.done());
    EXPECT_EQ(s.started(), 3u);
}

TEST(BootOrder, DependencyOutsideTheRun) {
    // db is running already (not autoboot, booted by hand): web may boot;
    // cache's dependency is neither running nor in the run.
    Scheduler s({e("web", 0, {"db"}), e("cache", 0, {"mem"})}, Dir::Boot, {"db"});
    EXPECT_EQ(s.take_failed(),
              (std::vector<std::pair<std::string, std::string>>{
                  {"cache", "not booted: it boots after zone 'mem', which is not running"}}));
    EXPECT_EQ(s.next(), "web");
    s.finish("web", true);
    EXPECT_TRUE(s.done());
}

TEST(BootOrder, CycleFailsItsZonesOnly) {
    Scheduler s({e("a", 0, {"b"}), e("b", 0, {"a"}), e("c", 0, {"a"}), e("d")}, Dir::Boot);
    auto failed = s.take_failed();
    ASSERT_EQ(failed.size(), 3u);
    EXPECT_EQ(failed[0], (std::pair<std::string, std::string>{
                             "a", "not booted: dependency cycle: a -> b -> a"}));
    EXPECT_EQ(failed[1], (std::pair<std::string, std::string>{
                             "b", "not booted: dependency cycle: b -> a -> b"}));
    EXPECT_EQ(failed[2], (std::pair<std::string, std::string>{
                             "c", "not booted: it boots after zone 'a', which did not boot"}));
    EXPECT_EQ(s.next(), "d");
    s.finish("d", true);
    EXPECT_TRUE(s.done());
    // Stopping ignores the cycle's edges and keeps the rest.
    EXPECT_EQ(schedule({e("a", 0, {"b"}), e("b", 0, {"a"}), e("c", 0, {"a"})}, Dir::Stop),
              (Waves{{"c", "b"}, {"a"}}));
}

TEST(BootOrder, StopFailuresHoldNothingUp) {
    Scheduler s({e("a"), e("b", 0, {"a"})}, Dir::Stop);
    EXPECT_EQ(s.next(), "b");
    EXPECT_EQ(s.next(), std::nullopt);
    s.finish("b", false);
    EXPECT_TRUE(s.take_failed().empty());
    EXPECT_EQ(s.next(), "a");
    s.finish("a", true);
    EXPECT_TRUE(s.done());
}

TEST(BootOrder, FiftyZonesWithPrioritiesAndAChain) {
    // The integration test's set: 50 zones over priorities 30/20/10/0, a
    // chain a <- b <- c at priority 0, c promoted by nothing.
    std::vector<Entry> all;
    for (int i = 0; i < 47; ++i)
        all.push_back(e(fmt::format("z{:02}", i), (i % 4) * 10));
    all.push_back(e("a"));
    all.push_back(e("b", 0, {"a"}));
    all.push_back(e("c", 20, {"b"}));      // c at 20 pulls b and a up to 20
    const Waves w = schedule(all, Dir::Boot);
    ASSERT_EQ(w.size(), 6u);
    EXPECT_EQ(w[0].size(), 11u);    // 30: z03, z07, ... z43
    EXPECT_EQ(w[1].size(), 13u);    // 20: a with the 12 z..2 zones
    EXPECT_EQ(w[1].front(), "a");
    EXPECT_EQ(w[2], std::vector<std::string>{"b"});
    EXPECT_EQ(w[3], std::vector<std::string>{"c"});
    EXPECT_EQ(w[4].size(), 12u);    // 10
    EXPECT_EQ(w[5].size(), 12u);    // 0
    std::size_t n = 0;
    for (const auto& wave : w)
        n += wave.size();
    EXPECT_EQ(n, 50u);
}
