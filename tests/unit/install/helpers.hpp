// Shared by the install tests: a scratch "host" and zone, and skipping
// what needs root.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "../core/scratch.hpp"
#include "zones/config.hpp"
#include "zones/install.hpp"

#define REQUIRE_ROOT()                                        \
    do {                                                      \
        if (::geteuid() != 0)                                 \
            GTEST_SKIP() << "needs root (creates root-owned files)"; \
    } while (0)

namespace zones::test {

inline mode_t mode_of(const std::filesystem::path& p) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

inline ZoneConfig sparse_zone(const std::string& name, const std::filesystem::path& zonepath) {
    ZoneConfig c;
    c.name = name;
    c.zonepath = zonepath.string();
    c.brand = "sparse";
    c.ipds = {{"/usr"}};
    return c;
}

// A fake host: merged /usr symlinks, a resolv.conf, os-release.
inline install::Host make_host(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    fs::create_directories(dir / "usr/lib");
    fs::create_directories(dir / "etc");
    for (const char* l : {"bin", "sbin", "lib", "lib64"})
        fs::create_symlink(std::string("usr/") + l, dir / l);
    spit(dir / "etc/resolv.conf", "nameserver 198.18.0.1\n");
    spit(dir / "usr/lib/os-release", "ID=test\n");
    return install::Host{dir};
}

}  // namespace zones::test
