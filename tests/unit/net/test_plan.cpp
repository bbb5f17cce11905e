#include <gtest/gtest.h>

#include "plan.hpp"

using namespace zones;
using namespace zones::net;

namespace {

ZoneConfig zone(const std::string& type, std::vector<Net> nets) {
    ZoneConfig c;
    c.name = "web";
    c.ip_type = type;
    c.nets = std::move(nets);
    return c;
}

}  // namespace

TEST(Plan, ExclusiveBridgeAndNic) {
    auto p = make_plan(zone("exclusive", {{"", "198.18.0.2/24,2001:2::2/64", "br0", "198.18.0.1"},
                                          {"", "", "eth1", ""}}),
                       {true, false});
    ASSERT_EQ(p.error, "");
    ASSERT_EQ(p.links.size(), 2u);
    EXPECT_EQ(p.links[0].mode, Mode::Bridged);
    EXPECT_EQ(p.links[0].zone_if, "net0");
    EXPECT_EQ(p.links[0].host, host_link_name("web", 0));
    EXPECT_TRUE(p.links[0].enforce);
    ASSERT_EQ(p.links[0].routers.size(), 1u);
    EXPECT_EQ(p.links[1].mode, Mode::Macvlan);
    EXPECT_EQ(p.links[1].zone_if, "net1");
    EXPECT_FALSE(p.links[1].enforce);   // no allowed-address: illumos does not filter
}

TEST(Plan, LinknameNamesTheInterfaceInTheZone) {
    Net a{"", "198.18.0.2/24", "br0", ""}, b{"", "", "br0", ""};
    b.linkname = "eth7";
    auto p = make_plan(zone("exclusive", {a, b}), {true, true});
    ASSERT_EQ(p.error, "");
    ASSERT_EQ(p.links.size(), 2u);
    EXPECT_EQ(p.links[0].zone_if, "net0");
    EXPECT_EQ(p.links[1].zone_if, "eth7");
    EXPECT_EQ(p.links[1].host, host_link_name("web", 1));   // the host side keeps its stable name
}

TEST(Plan, SharedIsRoutedAndAlwaysEnforced) {
    auto p = make_plan(zone("shared", {{"198.18.0.2", "", "br0", ""}}), {true});
    ASSERT_EQ(p.error, "");
    EXPECT_EQ(p.links[0].mode, Mode::Routed);
    EXPECT_TRUE(p.links[0].enforce);
    EXPECT_EQ(p.links[0].addrs[0].prefix, 32);   // no prefix given: the address alone
}

TEST(Plan, BadValuesNameTheInterface) {
    EXPECT_EQ(make_plan(zone("shared", {{"web.example", "", "br0", ""}}), {}).error,
              "net0: address web.example: not an IPv4 or IPv6 address");
    EXPECT_EQ(make_plan(zone("exclusive", {{"", "198.18.0.2/24", "br0", "x"}}), {}).error,
              "net0: defrouter x: not an IPv4 or IPv6 address");
}

TEST(Nft, BridgedLinkDropsAllButItsMacAndAddresses) {
    auto p = make_plan(zone("exclusive", {{"", "198.18.0.2/24,2001:2::2/64", "br0", ""}}), {true});
    const std::string s = nft_script("web", p.links);
    const std::string h = host_link_name("web", 0), mac = mac_text(link_mac("web", 0));
    EXPECT_NE(s.find("add table netdev zone-web"), std::string::npos);
    EXPECT_NE(s.find("hook ingress device \"" + h + "\" priority 0; policy drop;"), std::string::npos) << s;
    EXPECT_NE(s.find("ether saddr " + mac + " ip saddr { 198.18.0.2 } accept"), std::string::npos) << s;
    EXPECT_NE(s.find("arp saddr ip { 198.18.0.2, 0.0.0.0 } accept"), std::string::npos) << s;
    EXPECT_NE(s.find("ip6 saddr { 2001:2::2, fe80::/10, :: } accept"), std::string::npos) << s;
}

TEST(Nft, MacvlanFiltersOnTheLowerDeviceEgress) {
    auto p = make_plan(zone("exclusive", {{"", "198.18.3.10/24", "eth1", ""}}), {false});
    const std::string s = nft_script("web", p.links);
    EXPECT_NE(s.find("hook egress device \"eth1\" priority 0; policy accept;"), std::string::npos) << s;
    EXPECT_NE(s.find("ether saddr " + mac_text(link_mac("web", 0)) + " drop"), std::string::npos) << s;
}

TEST(Nft, NothingToEnforceMeansNoTable) {
    auto p = make_plan(zone("exclusive", {{"", "", "br0", ""}}), {true});
    EXPECT_EQ(nft_script("web", p.links), "");
    EXPECT_EQ(nft_delete_script("web"), "add table netdev zone-web\ndelete table netdev zone-web\n");
}

TEST(Nft, SharedHostEndAcceptsOnlyTheZonesAddress) {
    auto p = make_plan(zone("shared", {{"198.18.0.21/24", "", "br0", ""}}), {true});
    const std::string s = nft_script("web", p.links);
    const std::string h = host_link_name("web", 0), mac = mac_text(link_mac("web", 0));
    EXPECT_NE(s.find("hook ingress device \"" + h + "\" priority 0; policy drop;"), std::string::npos) << s;
    EXPECT_NE(s.find("ether saddr " + mac + " ip saddr { 198.18.0.21 } accept"), std::string::npos) << s;
    EXPECT_EQ(s.find("egress"), std::string::npos) << s;
}
