// zoneadm verify's zonepath checks and their illumos messages.
#include "helpers.hpp"

#include <algorithm>

using namespace zones;
namespace fs = std::filesystem;

namespace {

class VerifyTest : public ::testing::Test {
protected:
    test::ScratchDir dir;
    fs::path zp() const { return dir.path() / "web"; }
    install::Report check(install::Purpose p = install::Purpose::Verify,
                          ZoneState s = ZoneState::Configured,
                          const std::vector<install::OtherZone>& others = {}) {
        return install::check_zonepath(test::sparse_zone("web", zp()), s, p, others);
    }
    static bool has(const std::vector<std::string>& v, const std::string& s) {
        return std::find(v.begin(), v.end(), s) != v.end();
    }
};

TEST_F(VerifyTest, AMissingZonepathWarnsForVerifyOnly) {
    auto r = check();
    EXPECT_TRUE(r.ok());
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_EQ(r.warnings[0].rfind("WARNING: " + zp().string() +
                                      " does not exist, so it could not be verified.\n"
                                      "When 'zoneadm install' is run, 'install' will try to create\n",
                                  0),
              0u);
    auto i = check(install::Purpose::Install);
    EXPECT_TRUE(i.ok());
    EXPECT_TRUE(i.warnings.empty());
}

TEST_F(VerifyTest, ModeMustBe0700) {
    fs::create_directories(zp());
    ::chmod(zp().c_str(), 0751);
    auto r = check();
    EXPECT_TRUE(has(r.errors, zp().string() + " must not be group readable."));
    EXPECT_TRUE(has(r.errors, zp().string() + " must not be group executable."));
    EXPECT_TRUE(has(r.errors, zp().string() + " must not be world executable."));
    EXPECT_FALSE(has(r.errors, zp().string() + " must not be world readable."));
    if (::geteuid() == 0) {     // others could not look inside any more
        ::chmod(zp().c_str(), 0300);
        EXPECT_TRUE(has(check().errors, zp().string() + " must be owner readable."));
    }
}

TEST_F(VerifyTest, OwnerMustBeRoot) {
    REQUIRE_ROOT();
    fs::create_directories(zp());
    ::chmod(zp().c_str(), 0700);
    ::chmod(dir.path().c_str(), 0755);
    EXPECT_TRUE(check().errors.empty()) << check().errors.front();
    ASSERT_EQ(::chown(zp().c_str(), 65534, 0), 0);
    EXPECT_TRUE(has(check().errors, zp().string() + " is not owned by root."));
}

TEST_F(VerifyTest, TheParentMustNotBeWritableByOthers) {
    fs::create_directories(zp());
    ::chmod(zp().c_str(), 0700);
    ::chmod(dir.path().c_str(), 0777);
    auto r = check();
    EXPECT_TRUE(has(r.errors, dir.path().string() + " must not be group writable."));
    EXPECT_TRUE(has(r.errors, dir.path().string() + " must not be world writable."));
    ::chmod(dir.path().c_str(), 0755);
}

TEST_F(VerifyTest, SymlinksAreAResolvedPathMismatch) {
    fs::create_directories(dir.path() / "real");
    fs::create_symlink(dir.path() / "real", zp());
    auto r = check();
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0], zp().string() + ": Resolved path mismatch");
}

TEST_F(VerifyTest, OverlapsWithInstalledZones) {
    auto r = check(install::Purpose::Verify, ZoneState::Configured,
                   {{"db", (zp() / "db").string()}, {"other", (dir.path() / "other").string()}});
    EXPECT_TRUE(has(r.errors, "web zonepath (" + zp().string() + ") and db zonepath (" +
                                  (zp() / "db").string() + ") overlap."));
    EXPECT_TRUE(has(r.warnings, "WARNING: zone other is installed, but its zonepath " +
                                    (dir.path() / "other").string() + " does not exist."));
    EXPECT_EQ(r.errors.size(), 1u);
}

// Before a ready or boot: the overlap still fails, but the other zones'
// zonepaths are not stat'ed (nobody sees the warnings; a boot costs the
// same beside many zones).
TEST_F(VerifyTest, BootComparesOtherZonepathsWithoutLookingAtThem) {
    auto r = check(install::Purpose::Boot, ZoneState::Configured,
                   {{"db", (zp() / "db").string()}, {"other", (dir.path() / "other").string()}});
    EXPECT_TRUE(has(r.errors, "web zonepath (" + zp().string() + ") and db zonepath (" +
                                  (zp() / "db").string() + ") overlap."));
    EXPECT_FALSE(has(r.warnings, "WARNING: zone other is installed, but its zonepath " +
                                     (dir.path() / "other").string() + " does not exist."));
    EXPECT_EQ(r.errors.size(), 1u);
}

TEST_F(VerifyTest, AConfiguredZoneMustNotHaveARootYet) {
    fs::create_directories(zp() / "root/etc");
    ::chmod(zp().c_str(), 0700);
    ::chmod(dir.path().c_str(), 0755);
    auto r = check(install::Purpose::Install);
    EXPECT_TRUE(has(r.errors, "Cannot install detached zone.\nUse attach or remove " +
                                  (zp() / "root").string() + " directory."));
    // An empty root is what a failed install leaves: not in the way.
    fs::remove(zp() / "root/etc");
    EXPECT_FALSE(has(check(install::Purpose::Install).errors,
                     "Cannot install detached zone.\nUse attach or remove " +
                         (zp() / "root").string() + " directory."));
}

TEST_F(VerifyTest, FsTypesThatAreNotAllowed) {
    ZoneConfig c = test::sparse_zone("web", zp());
    c.fs.push_back({"/mnt", "/x", "", "nfs", {}});
    c.fs.push_back({"/data", "/srv/data", "", "lofs", {}});
    c.fs.push_back({"/odd", "/x", "", "nosuchfstype", {}});
    auto r = install::verify_zone(c, ZoneState::Configured, install::Purpose::Verify, {});
    EXPECT_TRUE(has(r.errors, "cannot verify fs /mnt: type nfs is not allowed."));
    EXPECT_TRUE(has(r.errors, "cannot verify fs /odd: type nosuchfstype is not supported."));
    EXPECT_EQ(r.errors.size(), 2u);
}

TEST_F(VerifyTest, SlashIsItsOwnParent) {
    ZoneConfig c = test::sparse_zone("web", "/");
    auto r = install::check_zonepath(c, ZoneState::Configured, install::Purpose::Install, {});
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0], "/ is its own parent.");
}

}  // namespace
