// zonename's zone detection from /proc/self/cgroup.
#include <sstream>

#include <gtest/gtest.h>

#include "detect.hpp"

namespace zones::zonename {
namespace {

std::string detect(const std::string& text) {
    std::istringstream in(text);
    return zone_of_cgroup_file(in);
}

TEST(Zonename, HostIsGlobal) {
    EXPECT_EQ(detect("0::/user.slice/user-0.slice/session-1.scope\n"), "global");
    EXPECT_EQ(detect("12:pids:/\n1:name=systemd:/init.scope\n0::/init.scope\n"), "global");
    EXPECT_EQ(detect(""), "global");
}

TEST(Zonename, ZoneScope) {
    EXPECT_EQ(detect("0::/zones.slice/zone-web.scope/payload\n"), "web");
    // cgroup v1 line, unit-name escaping of '-'
    EXPECT_EQ(detect("1:name=systemd:/zones.slice/zone-my\\x2dzone.scope/payload/init.scope\n"),
              "my-zone");
}

TEST(Zonename, NotAZoneScope) {
    EXPECT_EQ(detect("0::/zones.slice\n"), "global");
    EXPECT_EQ(detect("0::/zones.slice/zone-.scope\n"), "global");
    EXPECT_EQ(detect("0::/zones.slice/zone-web.service\n"), "global");
    EXPECT_EQ(detect("0::/system.slice/zones.service\n"), "global");
    EXPECT_EQ(detect("garbage without colons\n"), "global");
}

// A user with a delegated user@.service subtree can make these cgroups
// below it; only the hierarchy's root /zones.slice is zonesd's.
TEST(Zonename, NestedLookAlikeIsNotAZone) {
    EXPECT_EQ(detect("0::/user.slice/user-1000.slice/user@1000.service/zones.slice/"
                     "zone-web.scope/payload\n"),
              "global");
    EXPECT_EQ(detect("1:name=systemd:/system.slice/x/zones.slice/zone-web.scope/payload\n"), "global");
    EXPECT_EQ(detect("0::zones.slice/zone-web.scope/payload\n"), "global");
}

}  // namespace
}  // namespace zones::zonename
