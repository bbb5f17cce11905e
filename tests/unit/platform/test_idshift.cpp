// shift_ids (daemon/zoneadmd/idshift.cpp): owners 0-65535 in a zone root
// move into the zone's range; set-id bits survive; symlinks are changed
// themselves, never followed; other ids stay. Root only.
#include <fcntl.h>
#include <sys/wait.h>
#include <sys/mount.h>
#include <sched.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "idshift.hpp"
#include "zones/tree_walk.hpp"

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

    EXPECT_EQ("", zones::zoneadmd::shift_ids(root.string(), std::nullopt, base));
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
    EXPECT_EQ("", zones::zoneadmd::shift_ids(root.string(), std::nullopt, base));
    EXPECT_EQ(owner(root / "user-file"), std::make_pair(base + 1000, base + 1000));
    fs::remove_all(top);
}

TEST(IdShift, SinceAStampOnlyChangedDirectoriesAreLookedInto) {
    // With `since`, a file of host root in a directory unchanged since
    // then is not looked at (that is what makes a ready of an unchanged
    // root cheap); directories themselves still are, and the entries of
    // one changed since are.
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    const fs::path top = fs::temp_directory_path() / ("zones-idshift-since-" + std::to_string(::getpid()));
    const fs::path root = top / "root";
    fs::create_directories(root / "etc/sub");
    std::ofstream(root / "etc/hosts") << "x";
    const std::uint32_t base = 0x70020000;
    auto owner = [](const fs::path& p) {
        struct stat st {};
        ::lstat(p.c_str(), &st);
        return st.st_uid;
    };
    timespec later {};
    ::clock_gettime(CLOCK_REALTIME, &later);
    later.tv_sec += 3600;   // every directory is older
    zones::zoneadmd::ShiftCount n;
    EXPECT_EQ("", zones::zoneadmd::shift_ids(root.string(), base, base, later, &n));
    EXPECT_EQ(n.dirs, 3u);
    EXPECT_EQ(n.looked, 0u);
    EXPECT_EQ(owner(root / "etc/hosts"), 0u) << "not looked at";
    EXPECT_EQ(owner(root / "etc/sub"), base) << "a directory is always seen";
    EXPECT_EQ(owner(root), base);

    const timespec earlier{1, 0};   // every directory changed since
    EXPECT_EQ("", zones::zoneadmd::shift_ids(root.string(), base, base, earlier, &n));
    EXPECT_EQ(n.looked, 3u);
    EXPECT_EQ(owner(root / "etc/hosts"), base);
    fs::remove_all(top);
}

TEST(IdShift, AStampSpeaksOnlyForARootOnItsOwnFileSystemsMount) {
    // In a mount namespace of a child: a tmpfs holding both the stamp's
    // directory and the root is fine; a root that is a mount of its own
    // (rolled back or restored apart from the stamp) or an overlayfs is not.
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        const char* top = "/tmp/zones-idshift-mounts";
        int bad = 0;
        auto expect = [&](bool got, bool want) { bad += got == want ? 0 : 1; };
        if (::unshare(CLONE_NEWNS) < 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) _exit(90);
        fs::create_directories(top);
        if (::mount("t", top, "tmpfs", 0, nullptr) < 0) _exit(91);
        const std::string zp = std::string(top) + "/zone", root = zp + "/root";
        fs::create_directories(root);
        expect(zones::zoneadmd::ctimes_comparable(root, zp), true);
        if (::mount("t", root.c_str(), "tmpfs", 0, nullptr) < 0) _exit(92);
        expect(zones::zoneadmd::ctimes_comparable(root, zp), false);
        ::umount(root.c_str());
        const std::string lower = zp + "/lower", upper = zp + "/upper", work = zp + "/work";
        for (const auto& d : {lower, upper, work}) fs::create_directories(d);
        const std::string opts = "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work;
        if (::mount("overlay", zp.c_str(), "overlay", 0, opts.c_str()) == 0) {
            fs::create_directories(root);
            expect(zones::zoneadmd::ctimes_comparable(root, zp), false);
        }
        _exit(bad);
    }
    int st = 0;
    ASSERT_EQ(::waitpid(pid, &st, 0), pid);
    ASSERT_TRUE(WIFEXITED(st));
    EXPECT_EQ(WEXITSTATUS(st), 0) << "mismatches (9x: setup failed)";
}

TEST(IdShift, AChain5000DeepIsShiftedToTheBottom) {
    // A zone can make its root as deep as it likes: the walk has no path
    // or fd per level to run out of (nftw failed with ENAMETOOLONG).
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    const fs::path base_dir = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    const fs::path root = base_dir / ("zones-idshift-deep-" + std::to_string(::getpid()));
    fs::create_directories(root);
    int cur = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(cur, 0);
    for (int i = 0; i < 5000; ++i) {
        ASSERT_EQ(::mkdirat(cur, "d", 0755), 0);
        const int next = ::openat(cur, "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        ::close(cur);
        ASSERT_GE(next, 0);
        cur = next;
    }
    const int f = ::openat(cur, "bottom", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    ASSERT_GE(f, 0);
    ::close(f);
    const std::uint32_t base = 0x70020000;
    EXPECT_EQ("", zones::zoneadmd::shift_ids(root.string(), std::nullopt, base));
    struct stat st {};
    ASSERT_EQ(::fstatat(cur, "bottom", &st, AT_SYMLINK_NOFOLLOW), 0);
    EXPECT_EQ(st.st_uid, base);
    ASSERT_EQ(::fstat(cur, &st), 0);
    EXPECT_EQ(st.st_uid, base) << "the deepest directory too";
    ::close(cur);
    const int r = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    EXPECT_EQ("", zones::tree::remove_contents(r, root.string()));
    ::close(r);
    fs::remove(root);
}

// A clone's (or an attached zone's) files carry the range of the zone they
// came from: they move into this zone's range, host ids too; other ranges
// stay; base 0 moves a range back to host ids (attr userns=false).
TEST(IdShift, MovesAnotherRangeIntoOurs) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    const fs::path top = fs::temp_directory_path() / ("zones-idshift2-" + std::to_string(::getpid()));
    const fs::path root = top / "root";
    fs::create_directories(root / "etc");
    const std::uint32_t from = 0x70010000, base = 0x70020000;
    auto make = [&](const char* name, unsigned id) {
        std::ofstream(root / name) << "x";
        ASSERT_EQ(::lchown((root / name).c_str(), id, id), 0);
    };
    ASSERT_EQ(::chown(root.c_str(), from, from), 0);
    make("src-root", from);
    make("src-user", from + 1000);
    make("src-last", from + 65535);
    make("host-new", 0);
    make("other-range", 0x70030000 + 5);
    auto owner = [](const fs::path& p) {
        struct stat st {};
        ::lstat(p.c_str(), &st);
        return st.st_uid;
    };
    EXPECT_EQ("", zones::zoneadmd::shift_ids(root.string(), from, base));
    EXPECT_EQ(owner(root), base);
    EXPECT_EQ(owner(root / "src-root"), base);
    EXPECT_EQ(owner(root / "src-user"), base + 1000);
    EXPECT_EQ(owner(root / "src-last"), base + 65535);
    EXPECT_EQ(owner(root / "host-new"), base);
    EXPECT_EQ(owner(root / "other-range"), 0x70030000u + 5);
    EXPECT_EQ("", zones::zoneadmd::shift_ids(root.string(), base, 0));
    EXPECT_EQ(owner(root / "src-user"), 1000u);
    EXPECT_EQ(owner(root / "host-new"), 0u);
    fs::remove_all(top);
}

// shift_root: the root directory alone (zoneadmd shifts it before the
// platform helper reads its owner, and walks the rest beside the helper).
TEST(IdShift, ShiftRootTouchesTheRootDirectoryOnly) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    const fs::path top = fs::temp_directory_path() / ("zones-idshift-root-" + std::to_string(::getpid()));
    const fs::path root = top / "root";
    fs::create_directories(root / "etc");
    const std::uint32_t base = 0x70030000, from = 0x70040000;
    auto owner = [](const fs::path& p) {
        struct stat st {};
        ::lstat(p.c_str(), &st);
        return std::pair<unsigned, unsigned>(st.st_uid, st.st_gid);
    };
    EXPECT_EQ("", zones::zoneadmd::shift_root(root.string(), std::nullopt, base));
    EXPECT_EQ(owner(root), std::make_pair(base, base));
    EXPECT_EQ(owner(root / "etc"), std::make_pair(0u, 0u)) << "nothing below it";
    // Another range's root moves into ours; the walk after it is idempotent on it.
    ASSERT_EQ(::chown(root.c_str(), from + 5, from + 5), 0);
    EXPECT_EQ("", zones::zoneadmd::shift_root(root.string(), from, base));
    EXPECT_EQ(owner(root), std::make_pair(base + 5, base + 5));
    EXPECT_EQ("", zones::zoneadmd::shift_ids(root.string(), from, base));
    EXPECT_EQ(owner(root), std::make_pair(base + 5, base + 5));
    EXPECT_EQ(owner(root / "etc"), std::make_pair(base, base));
    fs::remove_all(top);
    // A symlink in the root's place is refused, not followed.
    fs::create_directories(top / "real");
    fs::create_symlink(top / "real", top / "root");
    EXPECT_NE("", zones::zoneadmd::shift_root((top / "root").string(), std::nullopt, base));
    EXPECT_EQ(owner(top / "real"), std::make_pair(0u, 0u));
    fs::remove_all(top);
}
