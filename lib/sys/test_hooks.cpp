#include "sys/test_hooks.hpp"

#include <cstdlib>

namespace zones::sys {

#ifdef ZONES_TEST_HOOKS

namespace {

constexpr const char* kNames[] = {"ZONES_ZONEADMD", "ZONES_PLUGIN_DIR", "ZONES_INIT", "ZONES_TEST_CGROUP",
                                  "ZONES_TEST_PAUSE", "ZONES_TEST_COMPAT"};

}  // namespace

const char* test_hook(Hook h) {
    const char* v = std::getenv(kNames[static_cast<int>(h)]);
    return v != nullptr && *v != '\0' ? v : nullptr;
}

std::vector<std::string> test_hook_environment() {
    std::vector<std::string> env;
    for (const char* name : kNames)
        if (const char* v = std::getenv(name); v != nullptr && *v != '\0') env.push_back(std::string(name) + "=" + v);
    return env;
}

#else   // a release build: no names, no environment read

const char* test_hook(Hook) { return nullptr; }

std::vector<std::string> test_hook_environment() { return {}; }

#endif

}  // namespace zones::sys
