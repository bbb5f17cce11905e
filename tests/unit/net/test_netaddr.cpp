#include <gtest/gtest.h>

#include "zones/netaddr.hpp"

using namespace zones;
using namespace zones::net;

TEST(Cidr, ParsesIPv4WithAndWithoutPrefix) {
    auto c = parse_cidr("198.18.0.2/24");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->family, 4);
    EXPECT_EQ(c->prefix, 24);
    EXPECT_TRUE(c->has_prefix);
    EXPECT_EQ(c->text(), "198.18.0.2/24");
    EXPECT_EQ(c->addr_text(), "198.18.0.2");
    auto d = parse_cidr("198.18.0.2");
    ASSERT_TRUE(d);
    EXPECT_FALSE(d->has_prefix);
    EXPECT_EQ(d->prefix, 32);
    EXPECT_EQ(d->text(), "198.18.0.2");
    EXPECT_TRUE(c->same_addr(*d));
}

TEST(Cidr, ParsesIPv6AndNormalises) {
    auto c = parse_cidr("2001:0002:0000::0011/64");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->family, 6);
    EXPECT_EQ(c->text(), "2001:2::11/64");
    EXPECT_EQ(parse_cidr("::1")->prefix, 128);
}

TEST(Cidr, RejectsMalformed) {
    for (const char* bad : {"", "198.18.0.256", "198.18.0.2/33", "198.18.0.2/", "198.18.0.2/-1",
                            "198.18.0.2/2a", "2001:2::/129", "web.example.com", "1.2.3", "::g",
                            "198.18.0.2/24/1", "198.18.0.2/0024"})
        EXPECT_FALSE(parse_cidr(bad)) << bad;
}

TEST(Cidr, Lists) {
    auto l = parse_cidr_list("198.18.0.2/24,2001:2::2/64");
    ASSERT_TRUE(l);
    ASSERT_EQ(l->size(), 2u);
    EXPECT_EQ((*l)[1].family, 6);
    EXPECT_TRUE(parse_cidr_list("")->empty());
    EXPECT_FALSE(parse_cidr_list("198.18.0.2/24,nope"));
    EXPECT_FALSE(parse_cidr_list("198.18.0.2/24,"));
}

TEST(Names, HostLinkNamesAreStableShortAndDistinct) {
    const std::string a = host_link_name("web", 0);
    EXPECT_EQ(a, host_link_name("web", 0));
    EXPECT_NE(a, host_link_name("web", 1));
    EXPECT_NE(a, host_link_name("db", 0));
    EXPECT_EQ(a.substr(0, 1), "z");
    EXPECT_EQ(a.size(), 11u);
    const std::string longest(63, 'x');
    EXPECT_LE(host_link_name(longest, 99999).size(), 15u);   // IFNAMSIZ - 1
    EXPECT_EQ(zone_link_name(3), "net3");
    EXPECT_EQ(link_alias("web", 2), "zone:web:net2");
    EXPECT_EQ(link_alias("web", 2).rfind(link_alias_prefix("web"), 0), 0u);
    EXPECT_NE(link_alias("web", 2).rfind(link_alias_prefix("we"), 0), 0u);
    EXPECT_EQ(nft_table("web"), "zone-web");
}

TEST(Names, MacIsLocalUnicastAndStable) {
    auto m = link_mac("web", 0);
    EXPECT_EQ(m[0] & 0x01, 0);   // unicast
    EXPECT_EQ(m[0] & 0x02, 2);   // locally administered
    EXPECT_EQ(m, link_mac("web", 0));
    EXPECT_NE(m, link_mac("web", 1));
    EXPECT_EQ(mac_text({0x0a, 0x5a, 0, 1, 0xab, 0xff}), "0a:5a:00:01:ab:ff");
}

TEST(Claims, SharedAddressesAndExclusiveAllowedAddresses) {
    ZoneConfig s;
    s.ip_type = "shared";
    s.nets = {{"198.18.0.2/24", "", "br0", ""}, {"bogus", "", "br0", ""}};
    auto cs = claimed_addresses(s);
    ASSERT_EQ(cs.size(), 1u);
    EXPECT_EQ(cs[0].physical, "br0");
    ZoneConfig x;
    x.ip_type = "exclusive";
    x.nets = {{"", "198.18.0.3/24,2001:2::3/64", "br0", "198.18.0.1"}};
    EXPECT_EQ(claimed_addresses(x).size(), 2u);
}
