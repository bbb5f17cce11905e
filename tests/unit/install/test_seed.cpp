// A sparse zone's seeded root: files, contents, modes.
#include "helpers.hpp"

#include <fcntl.h>

#include "zones/safe_fs.hpp"

using namespace zones;
namespace fs = std::filesystem;

namespace {

class SeedTest : public ::testing::Test {
protected:
    test::ScratchDir dir;
    fs::path zp() const { return dir.path() / "zones" / "web"; }
};

TEST_F(SeedTest, SparseInstallSeedsTheZonesOwnEtcVarTmp) {
    REQUIRE_ROOT();
    install::Host host = test::make_host(dir.path() / "host");
    ZoneConfig cfg = test::sparse_zone("web", zp());
    install::install_root(cfg, {}, host);
    const fs::path r = zp() / "root";
    EXPECT_EQ(test::mode_of(zp()), 0700u);
    EXPECT_EQ(test::mode_of(r), 0755u);
    EXPECT_EQ(test::slurp(r / "etc/hostname"), "web\n");
    EXPECT_EQ(test::slurp(r / "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    EXPECT_EQ(test::slurp(r / "etc/group"), "root:x:0:\n");
    EXPECT_EQ(test::slurp(r / "etc/shadow").rfind("root:*:", 0), 0u);
    EXPECT_EQ(test::mode_of(r / "etc/shadow"), 0600u);
    EXPECT_NE(test::slurp(r / "etc/hosts").find("127.0.0.1\tlocalhost"), std::string::npos);
    EXPECT_NE(test::slurp(r / "etc/hosts").find("\tweb\n"), std::string::npos);
    EXPECT_EQ(test::slurp(r / "etc/resolv.conf"), "nameserver 198.18.0.1\n");
    EXPECT_NE(test::slurp(r / "etc/nsswitch.conf").find("passwd:         files"),
              std::string::npos);
    EXPECT_EQ(fs::read_symlink(r / "etc/os-release"), "../usr/lib/os-release");
    const std::string mid = test::slurp(r / "etc/machine-id");
    ASSERT_EQ(mid.size(), 33u);
    EXPECT_EQ(mid.find_first_not_of("0123456789abcdef"), 32u);
    EXPECT_EQ(test::mode_of(r / "tmp"), 01777u);
    EXPECT_EQ(test::mode_of(r / "var/tmp"), 01777u);
    EXPECT_EQ(test::mode_of(r / "root"), 0700u);
    for (const char* d : {"var/log", "home", "proc", "sys", "dev", "usr"})
        EXPECT_TRUE(fs::is_directory(fs::symlink_status(r / d))) << d;
    for (const char* l : {"bin", "sbin", "lib", "lib64"})
        EXPECT_EQ(fs::read_symlink(r / l), fs::path("usr") / l) << l;
    EXPECT_FALSE(fs::exists(fs::symlink_status(r / "lib32")));
}

TEST_F(SeedTest, NoResolvConfOnTheHostGivesAnEmptyOne) {
    REQUIRE_ROOT();
    install::Host host = test::make_host(dir.path() / "host");
    fs::remove(host.root / "etc/resolv.conf");
    fs::create_symlink("/nonexistent", host.root / "etc/resolv.conf");
    install::install_root(test::sparse_zone("web", zp()), {}, host);
    EXPECT_EQ(test::slurp(zp() / "root/etc/resolv.conf"), "");
}

TEST_F(SeedTest, AnInheritedDirectoryGetsAMountPointNotALink) {
    REQUIRE_ROOT();
    install::Host host = test::make_host(dir.path() / "host");
    ZoneConfig cfg = test::sparse_zone("web", zp());
    cfg.ipds.push_back({"/lib"});
    cfg.ipds.push_back({"/opt/tools/bin"});
    install::install_root(cfg, {}, host);
    EXPECT_TRUE(fs::is_directory(fs::symlink_status(zp() / "root/lib")));
    EXPECT_TRUE(fs::is_directory(fs::symlink_status(zp() / "root/opt/tools/bin")));
}

TEST_F(SeedTest, MachineIdsAndUuidsAreFresh) {
    EXPECT_NE(install::new_machine_id(), install::new_machine_id());
    const std::string u = install::new_uuid();
    ASSERT_EQ(u.size(), 36u);
    EXPECT_EQ(u[14], '4');
    EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos);
    EXPECT_NE(u, install::new_uuid());
}

TEST_F(SeedTest, InstallRefusesARootThatHoldsSomething) {
    REQUIRE_ROOT();
    fs::create_directories(zp() / "root/etc");
    ::chmod(zp().c_str(), 0700);
    EXPECT_THROW(install::install_root(test::sparse_zone("web", zp()), {}, {}), ZoneError);
}

TEST_F(SeedTest, UninstallRemovesTheRootAndKeepsTheZonepath) {
    REQUIRE_ROOT();
    install::Host host = test::make_host(dir.path() / "host");
    ZoneConfig cfg = test::sparse_zone("web", zp());
    install::install_root(cfg, {}, host);
    install::uninstall_root(cfg);
    EXPECT_FALSE(fs::exists(fs::symlink_status(zp() / "root")));
    EXPECT_TRUE(fs::is_directory(zp()));
    install::uninstall_root(cfg);    // nothing left: fine
}

}  // namespace
