#include <gtest/gtest.h>

#include "zones/verify_net.hpp"

using namespace zones;
using namespace zones::install;

TEST(VerifyNet, CollisionWithAnotherZonesAddress) {
    ZoneConfig me;
    me.name = "web";
    me.ip_type = "shared";
    me.nets = {{"198.18.0.5/24", "", "br0", ""}};
    OtherZone db{"db", "/zones/db", "exclusive", {{"", "198.18.0.9/24,198.18.0.5/24", "br0", ""}}};
    OtherZone app{"app", "/zones/app", "shared", {{"198.18.0.6/24", "", "br0", ""}}};
    auto errs = net_collisions(me, {db, app});
    ASSERT_EQ(errs.size(), 1u);
    EXPECT_EQ(errs[0], "could not verify net address=198.18.0.5/24 physical=br0: address in use by zone 'db'");
}

TEST(VerifyNet, SameAddressDifferentPrefixCollides) {
    ZoneConfig me;
    me.name = "web";
    me.ip_type = "exclusive";
    me.nets = {{"", "2001:2::5/64", "br0", ""}};
    OtherZone o{"db", "/zones/db", "shared", {{"2001:2:0::5/48", "", "br1", ""}}};
    EXPECT_EQ(net_collisions(me, {o}).size(), 1u);
}

TEST(VerifyNet, NoCollisionWithItselfOrDistinctAddresses) {
    ZoneConfig me;
    me.name = "web";
    me.ip_type = "shared";
    me.nets = {{"198.18.0.5/24", "", "br0", ""}};
    OtherZone self{"web", "/zones/web", "shared", me.nets};
    OtherZone other{"db", "/zones/db", "shared", {{"198.18.0.50/24", "", "br0", ""}}};
    EXPECT_TRUE(net_collisions(me, {self, other}).empty());
}

TEST(VerifyNet, MissingPhysical) {
    ZoneConfig me;
    me.name = "web";
    me.ip_type = "exclusive";
    me.nets = {{"", "198.18.0.5/24", "nosuch-zn0", ""}, {"", "", "lo", ""}};
    Report r;
    verify_net(me, {}, r);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0],
              "could not verify net physical=nosuch-zn0: network interface nosuch-zn0 is not plumbed in the global zone");
    me.ip_type = "shared";
    me.nets = {{"198.18.0.5/24", "", "nosuch-zn0", ""}};
    Report w;
    verify_net(me, {}, w);
    EXPECT_TRUE(w.errors.empty());
    ASSERT_EQ(w.warnings.size(), 1u);
    EXPECT_EQ(w.warnings[0],
              "WARNING: skipping network interface 'nosuch-zn0' which may not be present/plumbed in the global zone.");
}
