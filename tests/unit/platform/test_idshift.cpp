// shift_ids (daemon/zoneadmd/idshift.cpp): owners 0-65535 in a zone root
// move into the zone's range; set-id bits survive; symlinks are changed
// themselves, never followed; other ids stay. Root only.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "idshift.hpp"

namespace fs = std::filesystem;

TEST(IdShift, ShiftsOwnersKeepsSetIdNeverFollows) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    const fs::path top = fs::temp_directory_path() / ("zones-idshift-" + std::to_string(::getpid()));
    const fs::path root = top / "root", outside = top / "outside";
    fs::create_directories(root / "etc");
    fs::create_directories(outside);
    std::ofstream(root / "etc/passwd") << "root:x:0:0::/root:/bin/sh\n";
    std::ofstream(root / "su") << "#!/bin/sh\n";
    ASSERT_EQ(::chmod((root / "su").c_str(), 04755), 0);
    std::ofstream(root / "user-file") << "x";
    ASSERT_EQ(::chown((root / "user-file").c_str(), 1000, 1000), 0);
    std::ofstream(root / "foreign") << "x";
    ASSERT_EQ(::chown((root / "foreign").c_str(), 200000, 200000), 0);
    std::ofstream(outside / "host-file") << "host";
    fs::create_symlink(outside, root / "link-out");
    const std::uint32_t base = 0x70010000;

    EXPECT_EQ("", zones::zoneadmd::shift_ids(root.string(), base));
    auto owner = [](const fs::path& p) {
        struct stat st {};
        ::lstat(p.c_str(), &st);
        return std::pair<unsigned, unsigned>(st.st_uid, st.st_gid);
    };
    EXPECT_EQ(owner(root), std::make_pair(base, base));
    EXPECT_EQ(owner(root / "etc/passwd"), std::make_pair(base, base));
    EXPECT_EQ(owner(root / "user-file"), std::make_pair(base + 1000, base + 1000));
    EXPECT_EQ(owner(root / "foreign"), std::make_pair(200000u, 200000u));
    EXPECT_EQ(owner(root / "link-out"), std::make_pair(base, base)) << "the link itself";
    EXPECT_EQ(owner(outside / "host-file"), std::make_pair(0u, 0u)) << "never followed";
    EXPECT_EQ(owner(outside), std::make_pair(0u, 0u));
    struct stat su {};
    ::stat((root / "su").c_str(), &su);
    EXPECT_EQ(su.st_mode & 07777, 04755u) << "set-id bit kept";
    // Idempotent: a second walk changes nothing.
    EXPECT_EQ("", zones::zoneadmd::shift_ids(root.string(), base));
    EXPECT_EQ(owner(root / "user-file"), std::make_pair(base + 1000, base + 1000));
    fs::remove_all(top);
}
