#include "sys/mountinfo.hpp"

#include <gtest/gtest.h>

using namespace zones::sys;

TEST(Mountinfo, FieldsWithAndWithoutOptionalOnes) {
    MountInfo m;
    ASSERT_TRUE(parse_mountinfo(
        "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 shared:7 - ext3 /dev/root rw,errors=continue", m));
    EXPECT_EQ(m.root, "/mnt1");
    EXPECT_EQ(m.point, "/mnt2");
    EXPECT_EQ(m.optional, "master:1 shared:7");
    EXPECT_EQ(m.type, "ext3");
    EXPECT_EQ(m.source, "/dev/root");
    EXPECT_EQ(m.super_options, "rw,errors=continue");
    ASSERT_TRUE(parse_mountinfo("557 549 0:4 net:[4026532392] /run/netns/zz rw - nsfs nsfs rw", m));
    EXPECT_EQ(m.optional, "");
    EXPECT_EQ(m.type, "nsfs");
    EXPECT_EQ(m.point, "/run/netns/zz");
}

TEST(Mountinfo, NotAMountinfoLine) {
    MountInfo m;
    EXPECT_FALSE(parse_mountinfo("", m));
    EXPECT_FALSE(parse_mountinfo("garbage without a separator", m));
    EXPECT_FALSE(parse_mountinfo("1 2 3:4 / - ext4 /dev/x rw", m));   // too few fields
    EXPECT_FALSE(parse_mountinfo("1 2 3:4 / /x rw - ", m));            // no type
}

TEST(Mountinfo, Unescape) {
    EXPECT_EQ(unescape_mountinfo("/srv/a\\040b"), "/srv/a b");
    EXPECT_EQ(unescape_mountinfo("/tab\\011x\\134y"), "/tab\tx\\y");
    EXPECT_EQ(unescape_mountinfo("/plain"), "/plain");
    EXPECT_EQ(unescape_mountinfo("/cut\\04"), "/cut\\04");     // too short: left as is
    EXPECT_EQ(unescape_mountinfo("/bad\\09x"), "/bad\\09x");   // not octal
}
