// limitpriv → illumos privilege set → Linux capabilities (lib/zones/privileges).
#include <linux/capability.h>

#include <gtest/gtest.h>

#include "zones/config.hpp"
#include "zones/privileges.hpp"
#include "zones/syntax.hpp"

using namespace zones;

namespace {

bool has(std::uint64_t caps, int c) { return caps >> c & 1; }

priv::Limits expand_ok(const std::string& limitpriv, const std::string& ip = "shared", bool userns = false) {
    ZoneConfig c;
    c.limitpriv = limitpriv;
    c.ip_type = ip;
    priv::Limits l;
    EXPECT_EQ("", priv::expand(c, userns, l)) << limitpriv;
    return l;
}

std::string expand_err(const std::string& limitpriv, const std::string& ip = "shared") {
    ZoneConfig c;
    c.limitpriv = limitpriv;
    c.ip_type = ip;
    priv::Limits l;
    return priv::expand(c, false, l);
}

}  // namespace

TEST(Privileges, EveryNameIsKnownAndCaseInsensitive) {
    for (auto n : priv::names()) EXPECT_TRUE(known_privilege(n)) << n;
    EXPECT_TRUE(known_privilege("SYS_TIME"));
    EXPECT_TRUE(known_privilege("default"));
    EXPECT_FALSE(known_privilege("sys_bogus"));
    EXPECT_GE(priv::names().size(), 85u);
}

TEST(Privileges, Mapping) {
    EXPECT_EQ(std::vector<int>{CAP_SYS_TIME}, priv::capabilities_of("sys_time"));
    EXPECT_EQ(std::vector<int>{CAP_NET_BIND_SERVICE}, priv::capabilities_of("net_privaddr"));
    EXPECT_EQ((std::vector<int>{CAP_KILL, CAP_SYS_PTRACE}), priv::capabilities_of("proc_owner"));
    EXPECT_EQ((std::vector<int>{CAP_SETUID, CAP_SETGID, CAP_SETPCAP}), priv::capabilities_of("Proc_Setid"));
    EXPECT_TRUE(priv::capabilities_of("proc_fork").empty());
    EXPECT_TRUE(priv::capabilities_of("no_such").empty());
}

TEST(Privileges, EmptyIsDefault) {
    auto a = expand_ok("");
    auto b = expand_ok("default");
    EXPECT_EQ(a.privileges, b.privileges);
    EXPECT_EQ(a.caps, b.caps);
    EXPECT_TRUE(a.privileges.count("proc_setid"));
    EXPECT_FALSE(a.privileges.count("sys_time"));
    EXPECT_TRUE(has(a.caps, CAP_CHOWN));
    EXPECT_TRUE(has(a.caps, CAP_SETUID));
    EXPECT_TRUE(has(a.caps, CAP_SYS_BOOT));   // in-zone reboot(2)
    EXPECT_FALSE(has(a.caps, CAP_SYS_TIME));
    EXPECT_FALSE(has(a.caps, CAP_NET_ADMIN));  // shared IP: no interface config
    EXPECT_FALSE(a.clock);
    EXPECT_FALSE(a.acct);
}

TEST(Privileges, NeverCapabilitiesAndSysAdmin) {
    for (const char* lp : {"default", "zone", "all"}) {
        auto l = expand_ok(lp, "exclusive", true);
        for (int c : priv::never_capabilities()) EXPECT_FALSE(has(l.caps, c)) << lp << " cap " << c;
        EXPECT_TRUE(has(l.caps, CAP_SYS_ADMIN)) << "with a user namespace";
        auto w = expand_ok(lp, "exclusive", false);
        EXPECT_FALSE(has(w.caps, CAP_SYS_ADMIN)) << "without a user namespace";
    }
}

TEST(Privileges, AddAndRemove) {
    auto l = expand_ok("default,sys_time");
    EXPECT_TRUE(has(l.caps, CAP_SYS_TIME));
    EXPECT_TRUE(l.clock);
    l = expand_ok("default,-proc_owner");
    EXPECT_FALSE(has(l.caps, CAP_KILL));
    EXPECT_FALSE(has(l.caps, CAP_SYS_PTRACE));
    l = expand_ok("default,!file_chown,!file_chown_self");
    EXPECT_FALSE(has(l.caps, CAP_CHOWN));
    l = expand_ok("basic");
    EXPECT_EQ(0u, l.caps);
    l = expand_ok("none");
    EXPECT_TRUE(l.privileges.empty());
    l = expand_ok("basic,sys_acct");
    EXPECT_TRUE(l.acct);
    EXPECT_EQ(std::uint64_t{1} << CAP_SYS_PACCT, l.caps);
}

TEST(Privileges, IpTypeDependentSets) {
    auto e = expand_ok("default", "exclusive");
    EXPECT_TRUE(has(e.caps, CAP_NET_ADMIN));
    EXPECT_TRUE(e.privileges.count("sys_ip_config"));
    EXPECT_EQ("privilege \"sys_ip_config\" is not permitted within the zone's privilege set",
              expand_err("default,sys_ip_config", "shared"));
    EXPECT_FALSE(expand_ok("zone", "shared").privileges.count("sys_ip_config"));
}

TEST(Privileges, Prohibited) {
    for (const char* p : {"dtrace_kernel", "proc_zone", "sys_config", "sys_devices", "sys_linkdir", "sys_res_config",
                          "sys_net_config", "virt_manage", "xvm_control"}) {
        EXPECT_TRUE(priv::prohibited(p, "exclusive")) << p;
        EXPECT_EQ(std::string("privilege \"") + p + "\" is not permitted within the zone's privilege set",
                  expand_err(std::string("default,") + p));
        expand_ok(std::string("default,-") + p);   // removing one is harmless
    }
    EXPECT_EQ("invalid privilege: sys_bogus", expand_err("default,sys_bogus"));
}
