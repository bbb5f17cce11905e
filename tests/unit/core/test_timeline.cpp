// lib/zones/timeline: spans on the wire, splicing another process's spans
// into a wait, journal field names.
#include <gtest/gtest.h>

#include "zones/timeline.hpp"

using namespace zones::timing;

namespace {

Span span(const char* name, std::uint64_t a, std::uint64_t b, bool meanwhile = false, const char* rest = "") {
    return Span{name, a, b, meanwhile, rest};
}

}  // namespace

TEST(Timeline, MarksFollowEachOther) {
    Timeline tl;
    tl.begin();
    tl.mark("a");
    tl.mark("b");
    tl.wait("c", "c: messages");
    ASSERT_EQ(tl.spans().size(), 3u);
    EXPECT_EQ(tl.spans()[0].end_ns, tl.spans()[1].start_ns);
    EXPECT_EQ(tl.spans()[1].end_ns, tl.spans()[2].start_ns);
    EXPECT_EQ(tl.spans()[2].rest, "c: messages");
    EXPECT_LE(tl.spans()[0].start_ns, tl.spans()[2].end_ns);
    auto taken = tl.take();
    EXPECT_EQ(taken.size(), 3u);
    EXPECT_TRUE(tl.spans().empty());
}

TEST(Timeline, SerializeParseRoundTrip) {
    std::vector<Span> in = {span("plugin fs: verify", 10, 20), span("zoneadmd: x y", 20, 35, true)};
    auto out = parse(serialize(in));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].name, "plugin fs: verify");
    EXPECT_EQ(out[0].start_ns, 10u);
    EXPECT_EQ(out[0].end_ns, 20u);
    EXPECT_FALSE(out[0].meanwhile);
    EXPECT_EQ(out[1].name, "zoneadmd: x y");
    EXPECT_TRUE(out[1].meanwhile);
}

TEST(Timeline, ParseSkipsGarbage) {
    auto out = parse("ok\n@1 2 0 good\n@x 2 0 bad\n@5 4 0 backwards\n@1 2 7 flag\n@1 2 0\nplain\n@3 9 1 last");
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].name, "good");
    EXPECT_EQ(out[1].name, "last");
}

TEST(Timeline, SpliceReplacesAWaitAndKeepsTheSum) {
    std::vector<Span> outer = {span("zonesd: a", 0, 10), span("systemd: scope", 10, 40),
                               span("zoneadmd: boot", 40, 100, false, "socket")};
    std::vector<Span> inner = {span("zoneadmd: loaded", 5, 15),     // during the scope: meanwhile
                               span("plugin fs: setup", 45, 60), span("init: exec", 60, 90)};
    auto out = splice(outer, inner);
    EXPECT_EQ(critical_ns(out), critical_ns(outer));
    EXPECT_EQ(critical_ns(out), 100u);
    std::vector<std::string> names;
    for (const Span& s : out) names.push_back(s.name + (s.meanwhile ? "*" : ""));
    EXPECT_EQ(names, (std::vector<std::string>{"zonesd: a", "zoneadmd: loaded*", "systemd: scope", "socket",
                                               "plugin fs: setup", "init: exec"}));
    for (const Span& s : out)
        if (s.name == "socket") {
            EXPECT_EQ(s.ns(), 60u - 45u);
        }
    for (std::size_t i = 1; i < out.size(); ++i) EXPECT_LE(out[i - 1].start_ns, out[i].start_ns);
}

TEST(Timeline, AWaitWithNothingInsideStays) {
    std::vector<Span> outer = {span("zoneadmd: start", 0, 10, false, "handshake")};
    auto out = splice(outer, {});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].name, "zoneadmd: start");
}

TEST(Timeline, NestedSplicesAddUp) {
    // zoneadmd splices its helper's spans, then zonesd splices zoneadmd's.
    std::vector<Span> helper = {span("platform helper: ns", 52, 55), span("plugin fs: setup_mounts", 55, 58)};
    Timeline zoneadmd;
    zoneadmd.add(span("zoneadmd: spawn", 45, 50));
    zoneadmd.add(span("platform helper", 50, 60, false, "helper: wake-ups"));
    zoneadmd.splice(helper);
    EXPECT_EQ(critical_ns(zoneadmd.spans()), 15u);
    auto out = splice({span("zoneadmd: boot", 40, 70, false, "socket")}, zoneadmd.spans());
    EXPECT_EQ(critical_ns(out), 30u);
    for (const Span& s : out) {
        EXPECT_FALSE(s.meanwhile) << s.name;
        EXPECT_TRUE(s.rest.empty()) << s.name;
    }
}

TEST(Timeline, JournalFieldNames) {
    EXPECT_EQ(journal_field("plugin fs: setup_mounts (mounts)"), "TIMING_PLUGIN_FS_SETUP_MOUNTS_MOUNTS_USEC");
    EXPECT_EQ(journal_field("systemd: zone scope started"), "TIMING_SYSTEMD_ZONE_SCOPE_STARTED_USEC");
    const std::string longest = journal_field(std::string(200, 'a'));
    EXPECT_LE(longest.size(), 64u);
    EXPECT_EQ(longest.substr(longest.size() - 5), "_USEC");
}
