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
    EXPECT_FALSE(fs::exists(r / "etc/zinit/console")) << "no agetty on this host: no console login";
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

// The sparse zone's /etc from the host's package configuration: what
// dpkg, ucf and Debian's tools made for packages, never the host's
// identity or secrets.
class EtcTest : public ::testing::Test {
protected:
    test::ScratchDir dir;
    fs::path zp() const { return dir.path() / "zones" / "web"; }
    install::Host host() {
        install::Host h = test::make_host(dir.path() / "host");
        const fs::path r = h.root;
        fs::create_directories(r / "var/lib/dpkg/info");
        fs::create_directories(r / "var/lib/ucf");
        for (const char* d : {"etc/ssh/sshd_config.d", "etc/pam.d", "etc/alternatives", "etc/ssl/certs",
                              "etc/ssl/private", "etc/network", "etc/default", "etc/ppp"})
            fs::create_directories(r / d);
        test::spit(r / "var/lib/dpkg/info/openssh-server.list",
                   "/.\n/etc\n/etc/ssh\n/etc/ssh/moduli\n/etc/ssh/sshd_config.d\n/etc/default/ssh\n"
                   "/etc/ssh/ssh_host_ed25519_key\n/usr/sbin/sshd\n");
        test::spit(r / "var/lib/dpkg/info/openssh-server.conffiles",
                   "/etc/default/ssh\nremove-on-upgrade /etc/ssh/old.conf\n");
        test::spit(r / "var/lib/dpkg/info/netbase.list", "/etc/network\n/etc/network/interfaces\n/etc/hostname\n");
        test::spit(r / "var/lib/dpkg/info/ppp.conffiles", "/etc/ppp/chap-secrets\n");
        test::spit(r / "var/lib/dpkg/info/base.list", "/etc/../root/x\n/etcetera\n/etc/shadow\n/etc/passwd\n");
        test::spit(r / "var/lib/ucf/registry", "openssh-server\t\t/etc/ssh/sshd_config\n");
        test::spit(r / "etc/ssh/moduli", "moduli\n");
        test::spit(r / "etc/ssh/sshd_config", "PermitRootLogin prohibit-password\n");
        test::spit(r / "etc/ssh/ssh_host_ed25519_key", "HOST SECRET\n");
        test::spit(r / "etc/ssh/old.conf", "old\n");
        test::spit(r / "etc/default/ssh", "SSHD_OPTS=\n");
        test::spit(r / "etc/network/interfaces", "iface eth0 inet dhcp\n");
        test::spit(r / "etc/hostname", "thehost\n");
        test::spit(r / "etc/ppp/chap-secrets", "user * password *\n");
        ::chmod((r / "etc/ppp/chap-secrets").c_str(), 0600);
        test::spit(r / "etc/pam.d/common-auth", "auth required pam_unix.so\n");
        test::spit(r / "etc/pam.d/login", "@include common-auth\n");
        test::spit(r / "etc/ssl/certs/ca-certificates.crt", "CERTS\n");
        test::spit(r / "etc/ssl/certs/ssl-cert-snakeoil.pem", "HOST CERT\n");
        test::spit(r / "etc/ssl/private/ssl-cert-snakeoil.key", "HOST KEY\n");
        fs::create_symlink("/usr/bin/vim.basic", r / "etc/alternatives/vi");
        fs::create_directories(r / "usr/sbin");
        test::spit(r / "usr/sbin/agetty", "");
        test::spit(r / "etc/passwd",
                   "root:x:0:0:root:/root:/bin/bash\nsshd:x:105:65534::/run/sshd:/usr/sbin/nologin\n"
                   "alice:x:1000:1000:Alice:/home/alice:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        test::spit(r / "etc/group", "root:x:0:\nadm:x:4:syslog,alice\nsudo:x:27:alice\nalice:x:1000:\n"
                                    "nogroup:x:65534:\n");
        test::spit(r / "etc/shadow", "root:$6$hash:19000:0:99999:7:::\n");
        return h;
    }
};

TEST_F(EtcTest, PackageConfigurationIsCopiedIdentityAndSecretsAreNot) {
    REQUIRE_ROOT();
    install::install_root(test::sparse_zone("web", zp()), {}, host());
    const fs::path r = zp() / "root";
    EXPECT_EQ(test::slurp(r / "etc/ssh/moduli"), "moduli\n") << "a file dpkg installed";
    EXPECT_EQ(test::slurp(r / "etc/default/ssh"), "SSHD_OPTS=\n") << "a conffile";
    EXPECT_EQ(test::slurp(r / "etc/ssh/sshd_config"), "PermitRootLogin prohibit-password\n") << "registered with ucf";
    EXPECT_TRUE(fs::is_directory(r / "etc/ssh/sshd_config.d"));
    EXPECT_EQ(test::slurp(r / "etc/pam.d/common-auth"), "auth required pam_unix.so\n") << "pam-auth-update's";
    EXPECT_EQ(fs::read_symlink(r / "etc/alternatives/vi"), "/usr/bin/vim.basic");
    EXPECT_EQ(test::slurp(r / "etc/ssl/certs/ca-certificates.crt"), "CERTS\n");
    EXPECT_EQ(test::mode_of(r / "etc/ssh"), 0755u);
    // Never: the host's identity, network, keys and secrets.
    EXPECT_EQ(test::slurp(r / "etc/hostname"), "web\n");
    EXPECT_NE(test::slurp(r / "etc/ssh/ssh_host_ed25519_key"), "HOST SECRET\n");
    EXPECT_FALSE(fs::exists(r / "etc/network/interfaces"));
    EXPECT_FALSE(fs::exists(r / "etc/ppp/chap-secrets")) << "not readable by others on the host";
    EXPECT_FALSE(fs::exists(r / "etc/ssl/private"));
    EXPECT_FALSE(fs::exists(r / "etc/ssl/certs/ssl-cert-snakeoil.pem"));
    EXPECT_FALSE(fs::exists(r / "etc/ssh/old.conf")) << "a conffile to remove on upgrade";
    EXPECT_FALSE(fs::exists(dir.path() / "zones/web/root/root/x")) << "nothing outside /etc";
    EXPECT_EQ(test::slurp(r / "etc/shadow").find("$6$"), std::string::npos);
    // The accounts: the host's system users, never its people.
    EXPECT_EQ(test::slurp(r / "etc/passwd"),
              "root:x:0:0:root:/root:/bin/sh\nsshd:x:105:65534::/run/sshd:/usr/sbin/nologin\n"
              "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
    EXPECT_EQ(test::slurp(r / "etc/group"), "root:x:0:\nadm:x:4:\nsudo:x:27:\nnogroup:x:65534:\n");
    const std::string shadow = test::slurp(r / "etc/shadow");
    EXPECT_EQ(shadow.rfind("root:*:", 0), 0u);
    EXPECT_NE(shadow.find("\nsshd:*:"), std::string::npos);
    EXPECT_EQ(test::slurp(r / "etc/zinit/console.issue"), "\\n console ");
    EXPECT_EQ(test::slurp(r / "etc/zinit/console"),
              "/sbin/agetty --noclear --nohostname --issue-file /etc/zinit/console.issue console vt220\n");
    EXPECT_TRUE(fs::is_directory(r / "etc/rc.d"));
}

TEST_F(EtcTest, TheRulesAlone) {
    for (const char* rel : {"etc/hostname", "etc/machine-id", "etc/zones/index", "etc/ssh/ssh_host_rsa_key.pub",
                            "etc/ssl/private/x.key", "etc/network/interfaces", "etc/passwd", "etc/shadow-",
                            "etc/systemd/network/10-eth.network"})
        EXPECT_TRUE(install::etc_never_copied(rel)) << rel;
    for (const char* rel : {"etc/ssh/sshd_config", "etc/hostname.d", "etc/network/if-up.d", "etc/pam.d/login",
                            "etc/systemd/networkd.conf"})
        EXPECT_FALSE(install::etc_never_copied(rel)) << rel;
    const auto paths = install::package_etc_paths(host());
    EXPECT_TRUE(std::is_sorted(paths.begin(), paths.end()));
    for (const std::string& p : paths) EXPECT_EQ(p.rfind("etc/", 0), 0u) << p;
}

TEST(Accounts, SystemAccountsOnly) {
    const auto a = install::system_accounts("daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbad line\n"
                                            "bob:x:1001:1001::/home/bob:/bin/sh\n",
                                            "daemon:x:1:bob\n", 20000);
    EXPECT_EQ(a.passwd, "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
    EXPECT_EQ(a.shadow, "root:*:20000:0:99999:7:::\ndaemon:*:20000:0:99999:7:::\n");
    EXPECT_EQ(a.group, "root:x:0:\ndaemon:x:1:\n");
    EXPECT_EQ(a.gshadow, "root:*::\ndaemon:*::\n");
}
