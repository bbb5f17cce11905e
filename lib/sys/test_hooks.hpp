// Test seams of the privileged binaries: environment variables the tests
// set to point zonesd, zoneadmd and the plugins at a fake zoneadmd, other
// plugins, another init or cgroup, or to stop zoneadmd at a step. They
// exist only in a build configured with -Dtest_hooks=true (the test build,
// tools/scripts/build.sh); a release build neither reads them nor holds
// their names (tests/hooks/check-release.sh).
#pragma once

#include <string>
#include <vector>

namespace zones::sys {

enum class Hook {
    Zoneadmd,     // ZONES_ZONEADMD: zonesd runs this instead of LIBEXEC/zoneadmd
    PluginDir,    // ZONES_PLUGIN_DIR: zoneadmd loads its plugins from here
    Init,         // ZONES_INIT: the zone's init, a path inside the zone
    TestCgroup,   // ZONES_TEST_CGROUP: a cgroup of the test's own, no systemd scope
    TestPause,    // ZONES_TEST_PAUSE: a file naming the step zoneadmd stops at
    TestCompat,   // ZONES_TEST_COMPAT: "no-proc-pidns": zoneadmd acts as on a kernel
                  // without procfs's pidns= (before Linux 6.17)
};

// The hook's value, or nullptr when it is not set (or empty), and always
// nullptr in a build without test hooks.
const char* test_hook(Hook h);

// "NAME=VALUE" of every hook set in our environment, for a child that
// takes them too (zonesd -> zoneadmd); empty without test hooks.
std::vector<std::string> test_hook_environment();

}  // namespace zones::sys
