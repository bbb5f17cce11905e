// What one unprivileged user may have going (Authority::admit): 32 calls
// in flight, and 20 a second with bursts of 100; root is never counted.
#include <gtest/gtest.h>

#include <filesystem>

#include "authorize.hpp"

using namespace zones::daemon;

namespace {

Caller user(uid_t uid) { return Caller{":1.1", uid, 1234, false}; }

struct Fixture {
    zones::Store store{std::filesystem::temp_directory_path() / "zones-admission-test"};
    Polkit polkit;       // never asked here
    WorkQueue users{1};
    Authority authority{store, polkit, users};
};

}  // namespace

TEST(Admission, AUserHasAtMost32CallsInFlight) {
    Fixture f;
    for (int i = 0; i < 32; ++i)
        ASSERT_TRUE(f.authority.admit(user(1000))) << i;
    EXPECT_FALSE(f.authority.admit(user(1000)));
    EXPECT_TRUE(f.authority.admit(user(1001)));     // another user is not held up
    f.authority.release(user(1000));
    EXPECT_TRUE(f.authority.admit(user(1000)));
}

TEST(Admission, AndAtMostABurstOf100Calls) {
    Fixture f;
    int admitted = 0;
    for (int i = 0; i < 1000; ++i) {
        if (f.authority.admit(user(1000))) {
            ++admitted;
            f.authority.release(user(1000));
        }
    }
    // 100 at once, and what the rate of 20 a second refilled meanwhile.
    EXPECT_GE(admitted, 100);
    EXPECT_LT(admitted, 110);
}

TEST(Admission, RootIsNeverCountedAgainstAUser) {
    Fixture f;
    for (int i = 0; i < 32; ++i)
        ASSERT_TRUE(f.authority.admit(user(1000)));
    EXPECT_FALSE(f.authority.admit(user(1000)));
    // root's calls do not go through admit() at all; the queue of root's
    // calls is another (zone-calls.cpp): here only that users are apart.
    EXPECT_TRUE(f.authority.admit(user(0)));
}
