// Symlinks planted in a zone root never lead the global zone out of it:
// writing, reading and removing stay inside.
#include "helpers.hpp"

#include <fcntl.h>
#include <sys/resource.h>

#include "zones/safe_fs.hpp"

using namespace zones;
namespace fs = std::filesystem;

namespace {

class SafeFsTest : public ::testing::Test {
protected:
    test::ScratchDir dir;
    fs::path root() const { return dir.path() / "root"; }
    fs::path outside() const { return dir.path() / "outside"; }

    void SetUp() override {
        fs::create_directories(root());
        fs::create_directories(outside());
        test::spit(outside() / "precious", "precious\n");
    }
    safefs::RootDir open_root() const {
        sys::Fd fd(::open(root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        return safefs::RootDir(std::move(fd), root());
    }
    std::size_t outside_entries() const {
        return static_cast<std::size_t>(
            std::distance(fs::directory_iterator(outside()), fs::directory_iterator()));
    }
};

TEST_F(SafeFsTest, AnAbsoluteLinkIsResolvedInsideTheRoot) {
    // etc -> /<scratch>/outside: inside the root that names nothing.
    fs::create_symlink(outside(), root() / "etc");
    auto r = open_root();
    EXPECT_THROW(r.write_file("etc/hostname", "zone\n", 0644), ZoneError);
    EXPECT_THROW(r.make_dir("etc", 0755), ZoneError);
    EXPECT_EQ(outside_entries(), 1u);
}

TEST_F(SafeFsTest, DotDotCannotClimbOutOfTheRoot) {
    REQUIRE_ROOT();   // files are made root-owned
    fs::create_symlink("../outside", root() / "etc");
    fs::create_directories(root() / "a");
    auto r = open_root();
    EXPECT_THROW(r.write_file("etc/passwd", "x\n", 0644), ZoneError);
    EXPECT_THROW(r.write_file("../outside/evil", "x\n", 0644), ZoneError);
    r.write_file("a/../../../b", "inside\n", 0644);       // clamps at the root
    EXPECT_EQ(test::slurp(root() / "b"), "inside\n");
    EXPECT_EQ(outside_entries(), 1u);
}

TEST_F(SafeFsTest, AFinalSymlinkIsReplacedNotFollowed) {
    REQUIRE_ROOT();   // files are made root-owned
    fs::create_directories(root() / "etc");
    fs::create_symlink(outside() / "precious", root() / "etc/hostname");
    auto r = open_root();
    r.write_file("etc/hostname", "zone\n", 0644);
    EXPECT_EQ(test::slurp(outside() / "precious"), "precious\n");
    EXPECT_EQ(test::slurp(root() / "etc/hostname"), "zone\n");
    EXPECT_FALSE(fs::is_symlink(root() / "etc/hostname"));
}

TEST_F(SafeFsTest, ReadingDoesNotFollowAFinalSymlink) {
    fs::create_symlink(outside() / "precious", root() / "link");
    auto r = open_root();
    EXPECT_THROW(r.read_file("link", 4096), ZoneError);
    EXPECT_FALSE(r.read_file("missing", 4096).has_value());
}

TEST_F(SafeFsTest, RemovingNeverFollowsLinks) {
    fs::create_directories(root() / "var/lib");
    test::spit(root() / "var/lib/own", "zone file\n");
    fs::create_symlink(outside(), root() / "var/outside-dir");
    fs::create_symlink(outside() / "precious", root() / "var/lib/outside-file");
    fs::create_symlink("/", root() / "slash");
    auto r = open_root();
    safefs::remove_contents(r.fd(), root());
    EXPECT_TRUE(fs::is_empty(root()));
    EXPECT_EQ(test::slurp(outside() / "precious"), "precious\n");
}

TEST_F(SafeFsTest, RemoveTreeTakesTheDirectoryToo) {
    fs::create_directories(root() / "a/b/c");
    test::spit(root() / "a/b/c/f", "x");
    sys::Fd parent(::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    safefs::remove_tree(parent.get(), "root", root());
    EXPECT_FALSE(fs::exists(root()));
    safefs::remove_tree(parent.get(), "root", root());    // missing: fine
    EXPECT_EQ(outside_entries(), 1u);
}

TEST_F(SafeFsTest, RemoveTreeOfAChain5000DeepNeedsNoFdPerLevel) {
    // What a zone can leave in its root for uninstall: the removal holds
    // one directory open at a time (it ran out of fds at depth ~30 here).
    fs::create_directories(root());
    sys::Fd cur(::open(root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    for (int i = 0; i < 5000; ++i) {
        ASSERT_EQ(::mkdirat(cur.get(), "d", 0755), 0);
        cur = sys::Fd(::openat(cur.get(), "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        ASSERT_TRUE(cur);
    }
    cur.reset();
    sys::Fd parent(::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    rlimit old{};
    ::getrlimit(RLIMIT_NOFILE, &old);
    rlimit few = old;
    few.rlim_cur = 32;
    ::setrlimit(RLIMIT_NOFILE, &few);
    std::string err;
    try {
        safefs::remove_tree(parent.get(), "root", root());
    } catch (const ZoneError& e) {
        err = e.what();
    }
    ::setrlimit(RLIMIT_NOFILE, &old);
    EXPECT_EQ(err, "");
    EXPECT_FALSE(fs::exists(root()));
}

TEST_F(SafeFsTest, HostPathsWithASymlinkComponentAreRefused) {
    fs::create_symlink(outside(), dir.path() / "link");
    try {
        safefs::open_host_dir(dir.path() / "link" / "zone", true, 0700);
        ADD_FAILURE() << "a symlink component was accepted";
    } catch (const ZoneError& e) {
        EXPECT_EQ(std::string(e.what()),
                  (dir.path() / "link" / "zone").string() + ": Resolved path mismatch");
    }
    EXPECT_EQ(outside_entries(), 1u);
    EXPECT_THROW(safefs::open_host_dir(dir.path() / "link", false), ZoneError);
    EXPECT_FALSE(safefs::open_host_dir(dir.path() / "missing", false).has_value());
}

TEST_F(SafeFsTest, HostDirsAreCreatedWithTheirModes) {
    REQUIRE_ROOT();
    const fs::path p = dir.path() / "new/parent/zone";
    auto fd = safefs::open_host_dir(p, true, 0700);
    ASSERT_TRUE(fd.has_value());
    EXPECT_EQ(test::mode_of(p), 0700u);
    EXPECT_EQ(test::mode_of(dir.path() / "new/parent"), 0755u);
    EXPECT_EQ(test::mode_of(dir.path() / "new"), 0755u);
}

}  // namespace
