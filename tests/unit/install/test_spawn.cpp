// lib/zones/spawn: what a daemon's child gets: exactly the fds and the
// environment it is given.
#include "zones/spawn.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "sys/fd.hpp"

namespace {

using zones::Child;
using zones::SpawnFds;

int exit_code(Child c) {
    const int st = c.wait();
    return WIFEXITED(st) ? WEXITSTATUS(st) : 256;
}

TEST(Spawn, AnFdThatIsNotCloexecDoesNotReachTheChild) {
    // sdbus-c++ dup()s the fds a D-Bus client sends without CLOEXEC: one of
    // those must never reach zoneadmd or tar.
    zones::sys::Fd leak(::open("/dev/null", O_RDONLY));   // no O_CLOEXEC
    ASSERT_TRUE(leak);
    const std::string probe = "test ! -e /proc/self/fd/" + std::to_string(leak.get());
    EXPECT_EQ(exit_code(zones::spawn({"/bin/sh", "-c", probe}, SpawnFds{})), 0);
}

TEST(Spawn, ExtraFdsArePlacedFromThree) {
    zones::sys::Fd extra(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    SpawnFds fds;
    fds.extra = {extra.get()};
    EXPECT_EQ(exit_code(zones::spawn({"/bin/sh", "-c", "test -e /proc/self/fd/3 && test ! -e /proc/self/fd/4"}, fds)),
              0);
}

TEST(Spawn, TheEnvironmentIsExactlyTheOneGiven) {
    ::setenv("ZONES_SPAWN_TEST_MARKER", "parent-only", 1);
    EXPECT_EQ(exit_code(zones::spawn({"/bin/sh", "-c", "test -z \"$ZONES_SPAWN_TEST_MARKER\" && test -n \"$PATH\""},
                                     SpawnFds{})),
              0);
    EXPECT_EQ(exit_code(zones::spawn({"/bin/sh", "-c", "test \"$ZONES_SPAWN_TEST_MARKER\" = parent-only"}, SpawnFds{},
                                     zones::inherited_environment())),
              0);
    ::unsetenv("ZONES_SPAWN_TEST_MARKER");
}

}  // namespace
