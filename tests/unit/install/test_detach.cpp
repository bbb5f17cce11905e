// The detach manifest (lib/zones/detach.cpp): written and read back, its
// checks against a host, and the root's owner against the recorded range.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "zones/detach.hpp"
#include "zones/idmap.hpp"
#include "zones/store.hpp"
#include "zones/xml.hpp"

using namespace zones;
using detach::HostFacts;
using detach::Manifest;
using Lines = std::vector<std::string>;

namespace {

ZoneConfig sparse_zone() {
    ZoneConfig c = default_template();
    c.name = "web";
    c.zonepath = "/zones/web";
    c.ipds = {{"/usr"}};
    return c;
}

HostFacts host(std::string id = "debian", std::string version = "12", std::string arch = "x86_64") {
    HostFacts h;
    h.os_id = std::move(id);
    h.os_version = std::move(version);
    h.arch = std::move(arch);
    h.is_dir = [](const std::string& d) { return d == "/usr" || d == "/lib"; };
    return h;
}

}  // namespace

TEST(Manifest, RoundTrip) {
    const Manifest m = detach::make(sparse_zone(), "3fc1fae7-4227-44e2-9324-2549c652503b", 0x70010000u, host());
    const std::string xml = detach::to_xml(m);
    EXPECT_NE(xml.find("<detached version=\"1\" uuid=\"3fc1fae7-4227-44e2-9324-2549c652503b\" "
                       "idbase=\"1879113728\" os-id=\"debian\" os-version=\"12\" arch=\"x86_64\""),
              std::string::npos)
        << xml;
    const Manifest back = detach::parse(xml, "SUNWdetached.xml");
    EXPECT_TRUE(back.ours);
    EXPECT_EQ(back.config, m.config);
    EXPECT_EQ(back.uuid, m.uuid);
    EXPECT_EQ(back.idbase, m.idbase);
    EXPECT_EQ(back.os_id, "debian");
    EXPECT_EQ(back.os_version, "12");
    EXPECT_EQ(back.arch, "x86_64");
    EXPECT_EQ(back.time, m.time);
    // zonecfg create -a reads it as a configuration.
    EXPECT_EQ(from_xml(xml, "x"), m.config);
}

TEST(Manifest, HostIdsHaveNoBase) {
    const Manifest m = detach::make(sparse_zone(), "", std::nullopt, host());
    const std::string xml = detach::to_xml(m);
    EXPECT_EQ(xml.find("idbase"), std::string::npos);
    EXPECT_FALSE(detach::parse(xml, "m").idbase);
}

TEST(Manifest, IllumosManifestIsNotOurs) {
    const std::string xml = to_xml(sparse_zone());
    const Manifest m = detach::parse(xml, "m");
    EXPECT_FALSE(m.ours);
    EXPECT_EQ(m.config, sparse_zone());
}

TEST(Manifest, BadInputIsRefused) {
    EXPECT_THROW(detach::parse("not xml", "m"), ZoneError);
    std::string xml = detach::to_xml(detach::make(sparse_zone(), "", 0x70010000u, host()));
    xml.replace(xml.find("1879113728"), 10, "1879113729");
    EXPECT_THROW(detach::parse(xml, "m"), ZoneError) << "an unaligned id base";
}

TEST(Manifest, ChecksAgainstTheHost) {
    const Manifest m = detach::make(sparse_zone(), "", std::nullopt, host());
    ZoneConfig here = sparse_zone();
    EXPECT_EQ(detach::check(m, &here, host()), Lines{});
    EXPECT_EQ(detach::check(m, nullptr, host()), Lines{});

    here.brand = "whole";
    EXPECT_EQ(detach::check(m, &here, host()),
              Lines{"the detached zone's brand is sparse, the configured brand is whole."});
    here = sparse_zone();
    EXPECT_EQ(detach::check(m, &here, host("debian", "13")),
              Lines{"the detached zone's /etc was made for debian 12, this host runs debian 13."});
    EXPECT_EQ(detach::check(m, &here, host("debian", "12", "aarch64")),
              Lines{"the detached zone was made for x86_64, this host is aarch64."});
    here.ipds = {};
    EXPECT_EQ(detach::check(m, &here, host()), Lines{"inherit-pkg-dir '/usr' is not configured in zone web."});
    here.ipds = {{"/usr"}, {"/opt/pkg"}};
    EXPECT_EQ(detach::check(m, &here, host()), Lines{"inherit-pkg-dir '/opt/pkg' does not exist on this host."});

    // A whole-root zone brings its own /usr: another system is fine.
    ZoneConfig whole = sparse_zone();
    whole.brand = "whole";
    whole.ipds = {};
    const Manifest w = detach::make(whole, "", std::nullopt, host());
    EXPECT_EQ(detach::check(w, &whole, host("fedora", "40")), Lines{});
}

TEST(Manifest, RootOwnerWithinTheRecordedRange) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    const std::filesystem::path zp =
        std::filesystem::temp_directory_path() / ("zones-detach-" + std::to_string(::getpid()));
    std::filesystem::create_directories(zp / "root");
    Manifest m = detach::make(sparse_zone(), "", 0x70010000u, host());
    ASSERT_EQ(::chown((zp / "root").c_str(), 0x70010000u, 0x70010000u), 0);
    EXPECT_EQ(detach::check_root_owner(m, zp), "");
    ASSERT_EQ(::chown((zp / "root").c_str(), 0x70030000u, 0x70030000u), 0);
    EXPECT_EQ(detach::check_root_owner(m, zp),
              (zp / "root").string() + " is owned by 1879244800, outside the detached zone's id range "
                                       "1879113728-1879179263.");
    m.idbase.reset();
    EXPECT_NE(detach::check_root_owner(m, zp), "");
    ASSERT_EQ(::chown((zp / "root").c_str(), 0, 0), 0);
    EXPECT_EQ(detach::check_root_owner(m, zp), "");
    std::filesystem::remove_all(zp);
    EXPECT_EQ(detach::check_root_owner(m, zp), zp.string() + "/root is not a zone root to attach.");
}

TEST(RootBase, ParseAndFile) {
    EXPECT_EQ(idmap::parse_root_base("1879113728\n"), 0x70010000u);
    EXPECT_EQ(idmap::parse_root_base("65536"), 65536u);
    EXPECT_FALSE(idmap::parse_root_base("0"));
    EXPECT_FALSE(idmap::parse_root_base("65537"));
    EXPECT_FALSE(idmap::parse_root_base("4294901760"));   // 0xffff0000: its last id would be 2^32-1
    EXPECT_EQ(idmap::parse_root_base("4294836224"), 0xfffe0000u);
    EXPECT_FALSE(idmap::parse_root_base("-65536"));
    EXPECT_FALSE(idmap::parse_root_base(""));
}
