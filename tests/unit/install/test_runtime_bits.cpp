// zonesd's runtime pieces that need no zone: zoneadmd replies, scope unit
// names (zone IDs: tests/unit/core/test_zone_id.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "scope.hpp"
#include "zoneadmd-client.hpp"

using namespace zones::daemon;

TEST(ZoneadmdReply, OkAndError) {
    auto ok = parse_zoneadmd_reply("ok");
    ASSERT_TRUE(ok);
    EXPECT_TRUE(ok->ok);
    EXPECT_EQ(ok->text, "");
    auto text = parse_zoneadmd_reply("ok zone is already booted\n");
    ASSERT_TRUE(text);
    EXPECT_EQ(text->text, "zone is already booted");
    auto err = parse_zoneadmd_reply("error shutdown already in progress");
    ASSERT_TRUE(err);
    EXPECT_FALSE(err->ok);
    EXPECT_EQ(err->text, "shutdown already in progress");
    EXPECT_FALSE(parse_zoneadmd_reply("okay"));
    EXPECT_FALSE(parse_zoneadmd_reply(""));
}

TEST(ZoneadmdReply, AReadyOrBootCarriesTheStateItLeft) {
    auto r = parse_zoneadmd_reply("ok\n=running 7 4242\n@10 20 0 init: exec\n");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->ok);
    EXPECT_EQ(r->text, "");
    EXPECT_EQ(r->state, "running 7 4242");
    ASSERT_EQ(r->spans.size(), 1u) << "the state line is not a span";
    auto plain = parse_zoneadmd_reply("ok\n@10 20 0 init: exec\n");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->state, "") << "an older zoneadmd's reply: zonesd asks for the state";
    auto last = parse_zoneadmd_reply("ok\n=ready 3");
    ASSERT_TRUE(last);
    EXPECT_EQ(last->state, "ready 3");
}

TEST(ZoneadmdReply, SpansAfterTheFirstLine) {
    auto r = parse_zoneadmd_reply("ok zone is already ready\n@10 20 0 plugin fs: verify\n@20 30 1 zoneadmd: x\n");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->ok);
    EXPECT_EQ(r->text, "zone is already ready");
    ASSERT_EQ(r->spans.size(), 2u);
    EXPECT_EQ(r->spans[0].name, "plugin fs: verify");
    EXPECT_TRUE(r->spans[1].meanwhile);
    auto e = parse_zoneadmd_reply("error boot: exec /sbin/init: No such file\n@1 2 0 a\n");
    ASSERT_TRUE(e);
    EXPECT_FALSE(e->ok);
    EXPECT_EQ(e->text, "boot: exec /sbin/init: No such file");
    EXPECT_EQ(e->spans.size(), 1u);
}

TEST(ZoneadmdClient, NobodyListening) {
    EXPECT_FALSE(zoneadmd_call("/nonexistent/zoneadmd.sock", "state", 100).has_value());
}

TEST(ScopeUnit, NamesAreEscapedAsSystemdDoes) {
    EXPECT_EQ(zone_scope_unit("web"), "zone-web.scope");
    EXPECT_EQ(zone_scope_unit("my-zone"), "zone-my\\x2dzone.scope");
    EXPECT_EQ(zone_scope_unit("a.b_c"), "zone-a.b_c.scope");
}

namespace {
// Which directories exist, for systemd_cgroup_root.
std::vector<std::string> g_dirs;
bool in_dirs(const std::string& p) { return std::find(g_dirs.begin(), g_dirs.end(), p) != g_dirs.end(); }
}  // namespace

// systemd's own layouts, and one of an operator's own (a hybrid host whose
// hierarchies are not under /sys/fs/cgroup).
const CgroupMounts kHybrid = {{"name=systemd", "/sys/fs/cgroup/systemd"},
                              {"", "/sys/fs/cgroup/unified"},
                              {"cpu", "/sys/fs/cgroup/cpu,cpuacct"}};
const CgroupMounts kUnified = {{"", "/sys/fs/cgroup"}};
const CgroupMounts kElsewhere = {{"name=systemd", "/run/cg/systemd"}, {"", "/run/cg/unified"}};

TEST(ScopeCgroup, HybridPrefersNameSystemd) {
    const std::string self =
        "12:cpu,cpuacct:/system.slice/zones.service\n1:name=systemd:/system.slice/zones.service\n"
        "0::/system.slice/zones.service\n";
    g_dirs = {"/sys/fs/cgroup/systemd/system.slice/zones.service", "/sys/fs/cgroup/unified/system.slice/zones.service"};
    EXPECT_EQ(systemd_cgroup_root(self, kHybrid, in_dirs), "/sys/fs/cgroup/systemd");
    g_dirs = {"/sys/fs/cgroup/unified/system.slice/zones.service"};   // name=systemd: not our cgroup there
    EXPECT_EQ(systemd_cgroup_root(self, kHybrid, in_dirs), "");
    g_dirs = {"/run/cg/systemd/system.slice/zones.service"};
    EXPECT_EQ(systemd_cgroup_root(self, kElsewhere, in_dirs), "/run/cg/systemd");
    EXPECT_EQ(systemd_cgroup_root(self, kUnified, in_dirs), "");   // no name=systemd mount known
}

TEST(ScopeCgroup, UnifiedOnly) {
    g_dirs = {"/sys/fs/cgroup/system.slice/zones.service"};
    EXPECT_EQ(systemd_cgroup_root("0::/system.slice/zones.service\n", kUnified, in_dirs), "/sys/fs/cgroup");
    g_dirs = {"/sys/fs/cgroup/unified/system.slice/zones.service"};
    EXPECT_EQ(systemd_cgroup_root("0::/system.slice/zones.service", kHybrid, in_dirs), "/sys/fs/cgroup/unified");
    EXPECT_EQ(systemd_cgroup_root("0::/system.slice/zones.service", kUnified, in_dirs), "");
}

TEST(ScopeCgroup, UnknownWhenOurCgroupIsNotShown) {
    // A cgroup namespace of our own shows "/": systemd's root is elsewhere.
    g_dirs = {"/sys/fs/cgroup/"};
    EXPECT_EQ(systemd_cgroup_root("0::/\n", kUnified, in_dirs), "");
    g_dirs = {};
    EXPECT_EQ(systemd_cgroup_root("0::/system.slice/zones.service\n", kUnified, in_dirs), "");
    EXPECT_EQ(systemd_cgroup_root("", kUnified, in_dirs), "");
    EXPECT_EQ(systemd_cgroup_root("garbage", kUnified, in_dirs), "");
    EXPECT_EQ(systemd_cgroup_root("0::system.slice\n", kUnified, in_dirs), "");
    EXPECT_EQ(systemd_cgroup_root("0::/system.slice/zones.service\n", {}, in_dirs), "");
}

TEST(CgroupMounts, FromTheMountTable) {
    std::istringstream hybrid(
        "25 22 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
        "26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 "
        "rw,nsdelegate\n"
        "27 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup "
        "rw,xattr,name=systemd\n"
        "31 25 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup "
        "rw,cpu,cpuacct\n"
        "40 25 0:35 / /sys/fs/cgroup/my\\040cg rw - cgroup cgroup rw,pids\n"
        // A later mount of a hierarchy (a bind into a zone) does not win.
        "90 80 0:23 / /zones/z/root/sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"
        "not a mountinfo line\n");
    const CgroupMounts m = parse_cgroup_mounts(hybrid);
    EXPECT_EQ(m.at(""), "/sys/fs/cgroup/unified");
    EXPECT_EQ(m.at("name=systemd"), "/sys/fs/cgroup/systemd");
    EXPECT_EQ(m.at("cpu"), "/sys/fs/cgroup/cpu,cpuacct");
    EXPECT_EQ(m.at("cpuacct"), "/sys/fs/cgroup/cpu,cpuacct");
    EXPECT_EQ(m.at("pids"), "/sys/fs/cgroup/my cg");
    EXPECT_EQ(m.count("tmpfs"), 0U);
    std::istringstream none("");
    EXPECT_TRUE(parse_cgroup_mounts(none).empty());
}
