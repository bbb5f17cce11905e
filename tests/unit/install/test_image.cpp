// Whole-root zones from archives of every compression and from a tree.
#include "helpers.hpp"

#include <cstdlib>

using namespace zones;
namespace fs = std::filesystem;

namespace {

int sh(const std::string& cmd) { return std::system(cmd.c_str()); }

class ImageTest : public ::testing::Test {
protected:
    test::ScratchDir dir;
    fs::path img() const { return dir.path() / "img"; }
    fs::path zp(const std::string& n) const { return dir.path() / "zones" / n; }

    void SetUp() override {
        fs::create_directories(img() / "etc");
        fs::create_directories(img() / "usr/bin");
        test::spit(img() / "etc/motd", "from the image\n");
        test::spit(img() / "etc/machine-id", "00000000000000000000000000000000\n");
        test::spit(img() / "usr/bin/tool", "#!/bin/sh\n");
        ::chmod((img() / "usr/bin/tool").c_str(), 0751);
    }

    ZoneConfig whole(const std::string& name) {
        ZoneConfig c;
        c.name = name;
        c.zonepath = zp(name).string();
        c.brand = "whole";
        return c;
    }

    void expect_installed(const std::string& name) {
        const fs::path r = zp(name) / "root";
        EXPECT_EQ(test::slurp(r / "etc/motd"), "from the image\n") << name;
        EXPECT_EQ(test::slurp(r / "etc/hostname"), name + "\n");
        EXPECT_NE(test::slurp(r / "etc/machine-id"), "00000000000000000000000000000000\n");
        EXPECT_EQ(test::mode_of(r / "usr/bin/tool"), 0751u);
    }
};

TEST_F(ImageTest, EveryCompression) {
    REQUIRE_ROOT();
    ASSERT_EQ(sh("chown 123:456 '" + (img() / "etc/motd").string() + "'"), 0);
    ASSERT_EQ(sh("tar -C '" + img().string() + "' -cf '" + (dir.path() / "a.tar").string() + "' ."), 0);
    struct Kind {
        const char* name;
        const char* tool;
    };
    for (const Kind& k : {Kind{"a.tar", ""}, Kind{"a.tar.gz", "gzip"}, Kind{"a.tar.xz", "xz"},
                          Kind{"a.tar.zst", "zstd"}, Kind{"a.tar.bz2", "bzip2"}}) {
        const fs::path archive = dir.path() / k.name;
        if (*k.tool != '\0') {
            if (sh(std::string("command -v ") + k.tool + " >/dev/null") != 0) {
                std::printf("# %s not installed: %s skipped\n", k.tool, k.name);
                continue;
            }
            ASSERT_EQ(sh(std::string(k.tool) + " -q -c '" + (dir.path() / "a.tar").string() +
                         "' > '" + archive.string() + "'"),
                      0);
        }
        // A name that hides the compression: the contents decide.
        const fs::path renamed = dir.path() / (std::string("image-") + k.tool);
        fs::copy_file(archive, renamed, fs::copy_options::overwrite_existing);
        const std::string name = std::string("z") + (*k.tool ? k.tool : "tar");
        install::Options o;
        o.archive = renamed.string();
        install::install_root(whole(name), o);
        expect_installed(name);
        struct stat st {};
        ASSERT_EQ(::stat((zp(name) / "root/etc/motd").c_str(), &st), 0);
        EXPECT_EQ(st.st_uid, 123u);
        EXPECT_EQ(st.st_gid, 456u);
        install::uninstall_root(whole(name));
        EXPECT_FALSE(fs::exists(zp(name) / "root"));
    }
}

TEST_F(ImageTest, ACopiedDirectory) {
    REQUIRE_ROOT();
    install::Options o;
    o.directory = img().string();
    install::install_root(whole("copy"), o);
    expect_installed("copy");
    EXPECT_EQ(test::slurp(img() / "etc/machine-id"), "00000000000000000000000000000000\n");
}

TEST_F(ImageTest, ACorruptArchiveFailsWithTarsReason) {
    REQUIRE_ROOT();
    const fs::path bad = dir.path() / "bad.tar.gz";
    test::spit(bad, std::string("\x1f\x8b", 2) + std::string(4000, 'x'));
    install::Options o;
    o.archive = bad.string();
    try {
        install::install_root(whole("bad"), o);
        ADD_FAILURE() << "a corrupt archive installed";
    } catch (const ZoneError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("cannot unpack " + bad.string() + ": tar exited", 0),
                  0u)
            << e.what();
    }
}

TEST_F(ImageTest, AnImageWithEtcLinkedToTheHostCannotMakeUsWriteThere) {
    REQUIRE_ROOT();
    const fs::path host_etc = dir.path() / "hostetc";
    fs::create_directories(host_etc);
    test::spit(host_etc / "hostname", "host\n");
    const fs::path evil = dir.path() / "evil";
    fs::create_directories(evil);
    fs::create_symlink(host_etc, evil / "etc");
    install::Options o;
    o.directory = evil.string();
    EXPECT_THROW(install::install_root(whole("evil"), o), ZoneError);
    EXPECT_EQ(test::slurp(host_etc / "hostname"), "host\n");
    EXPECT_FALSE(fs::exists(host_etc / "machine-id"));
    install::uninstall_root(whole("evil"));
    EXPECT_EQ(test::slurp(host_etc / "hostname"), "host\n");
}

TEST_F(ImageTest, InstallArguments) {
    ZoneConfig w = whole("w");
    EXPECT_EQ(install::parse_install_args(w, {"-a", "/x.tar"}).archive, "/x.tar");
    EXPECT_EQ(install::parse_install_args(w, {"-d", "/img", "-x", "nodataset"}).directory, "/img");
    EXPECT_THROW(install::parse_install_args(w, {}), ZoneError);
    EXPECT_THROW(install::parse_install_args(w, {"-a", "/x", "-d", "/y"}), ZoneError);
    EXPECT_THROW(install::parse_install_args(w, {"-a", "rel.tar"}), ZoneError);
    EXPECT_THROW(install::parse_install_args(w, {"-a"}), ZoneError);
    ZoneConfig s = test::sparse_zone("s", "/zones/s");
    EXPECT_NO_THROW(install::parse_install_args(s, {}));
    EXPECT_NO_THROW(install::parse_install_args(s, {"-x", "nodataset"}));
    EXPECT_THROW(install::parse_install_args(s, {"-a", "/x.tar"}), ZoneError);
    EXPECT_THROW(install::parse_install_args(s, {"-q"}), ZoneError);
}

}  // namespace
