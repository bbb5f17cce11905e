// Model helpers: states, error kinds, names, sizes, rctl aliases, syntax.
#include <gtest/gtest.h>

#include "zones/config.hpp"
#include "zones/syntax.hpp"

using namespace zones;

// illumos' order, with Oracle Solaris 11's unavailable where Solaris 11
// has it: after incomplete, before installed.
TEST(State, NamesInIllumosOrder) {
    const char* names[] = {"configured", "incomplete", "unavailable", "installed", "ready",
                           "running", "shutting_down", "down", "mounted"};
    for (int i = 0; i < 9; ++i) {
        auto s = static_cast<ZoneState>(i);
        EXPECT_EQ(state_name(s), names[i]);
        EXPECT_EQ(parse_state(names[i]), s);
    }
    EXPECT_LT(ZoneState::Installed, ZoneState::Ready);
    EXPECT_LT(ZoneState::Unavailable, ZoneState::Installed);
    EXPECT_TRUE(has_root(ZoneState::Unavailable));
    EXPECT_TRUE(has_root(ZoneState::Running));
    EXPECT_FALSE(has_root(ZoneState::Incomplete));
}

TEST(State, ParseRejectsUnknown) {
    EXPECT_FALSE(parse_state(""));
    EXPECT_FALSE(parse_state("Running"));
    EXPECT_FALSE(parse_state("shutting-down"));
    EXPECT_FALSE(parse_state("Unavailable"));
}

TEST(ErrorKind, NamesRoundTrip) {
    for (auto k : {ErrorKind::NoSuchZone, ErrorKind::InvalidState, ErrorKind::Invalid, ErrorKind::VerifyFailed,
                   ErrorKind::Damaged, ErrorKind::AccessDenied, ErrorKind::Busy, ErrorKind::Internal})
        EXPECT_EQ(parse_error_kind(error_kind_name(k)), k);
    EXPECT_EQ(error_kind_name(ErrorKind::NoSuchZone), "NoSuchZone");
    EXPECT_EQ(error_kind_name(ErrorKind::Damaged), "Damaged");
    EXPECT_FALSE(parse_error_kind("nosuchzone"));
    EXPECT_FALSE(parse_error_kind(""));
}

TEST(ZoneError, CarriesKindAndLine) {
    ZoneError e(ErrorKind::Busy, "web: busy");
    EXPECT_EQ(e.kind(), ErrorKind::Busy);
    EXPECT_STREQ(e.what(), "web: busy");
}

TEST(ZoneConfig, FindRctl) {
    ZoneConfig c;
    c.rctls.push_back({"zone.max-lwps", {{"privileged", "100", "deny"}}});
    c.rctls.push_back({"zone.cpu-shares", {{"privileged", "5", "none"}}});
    ASSERT_NE(c.find_rctl("zone.cpu-shares"), nullptr);
    EXPECT_EQ(c.find_rctl("zone.cpu-shares")->values[0].limit, "5");
    EXPECT_EQ(c.find_rctl("zone.max-swap"), nullptr);
    c.find_rctl("zone.max-lwps")->values[0].limit = "200";
    const ZoneConfig& cc = c;
    EXPECT_EQ(cc.find_rctl("zone.max-lwps")->values[0].limit, "200");
}

TEST(Brand, Known) {
    EXPECT_TRUE(known_brand("sparse"));
    EXPECT_TRUE(known_brand("whole"));
    EXPECT_FALSE(known_brand(""));
    EXPECT_FALSE(known_brand("ipkg"));
    EXPECT_FALSE(known_brand("Sparse"));
}

TEST(ZoneName, Valid) {
    for (const char* n : {"a", "web", "Web-1", "a.b_c-d", "0zone", "9", "SUNx", "globalx", "xglobal"})
        EXPECT_TRUE(valid_zone_name(n)) << n;
    EXPECT_TRUE(valid_zone_name(std::string(63, 'a')));
}

TEST(ZoneName, Invalid) {
    for (const char* n : {"", "global", "SUNWdefault", "SUNW", "-a", "_a", ".a", "a b", "a/b", "../x", "..",
                          "a:b", "é", "a\n"})
        EXPECT_FALSE(valid_zone_name(n)) << n;
    EXPECT_FALSE(valid_zone_name(std::string(64, 'a')));
}

TEST(ZoneName, SyntaxAllowsReserved) {
    EXPECT_TRUE(valid_name_syntax("SUNWdefault"));
    EXPECT_TRUE(valid_name_syntax("global"));
    EXPECT_FALSE(valid_name_syntax("../SUNWdefault"));
    EXPECT_FALSE(valid_name_syntax(""));
}

TEST(Size, Parse) {
    EXPECT_EQ(parse_size("0", false), 0u);
    EXPECT_EQ(parse_size("1024", false), 1024u);
    EXPECT_EQ(parse_size("1k", false), 1024u);
    EXPECT_EQ(parse_size("1K", false), 1024u);
    EXPECT_EQ(parse_size("50M", true), 52428800u);
    EXPECT_EQ(parse_size("50m", true), 52428800u);
    EXPECT_EQ(parse_size("1.5G", true), 1610612736u);
    EXPECT_EQ(parse_size("2T", true), 2199023255552u);
    EXPECT_EQ(parse_size(".5K", true), 512u);
    EXPECT_EQ(parse_size("1.K", true), 1024u);
    EXPECT_EQ(parse_size("0.3K", true), 307u);   // truncated like illumos
    EXPECT_EQ(parse_size("1.9", false), 1u);
    EXPECT_EQ(parse_size("0.0000000000000000000000001T", true), 0u);
    EXPECT_EQ(parse_size("18446744073709551615", false), UINT64_MAX);
    EXPECT_EQ(parse_size("16777215.99999999999999999999T", true), UINT64_MAX);
    EXPECT_EQ(parse_size("16777215.5T", true), 18446743523953737728u);
}

TEST(Size, RejectsJunk) {
    for (const char* s : {"", "K", ".", ".K", "-1", "-1M", "+1", " 1", "1 ", "1KB", "1X", "1e3", "0x10", "1,5M",
                          "1..5M", "1.5.5M", "inf", "nan", "1M2"})
        EXPECT_FALSE(parse_size(s, false)) << s;
}

TEST(Size, RequireSuffix) {
    EXPECT_FALSE(parse_size("1024", true));
    EXPECT_EQ(parse_size("1024", false), 1024u);
}

TEST(Size, RejectsOverflow) {
    EXPECT_FALSE(parse_size("18446744073709551616", false));
    EXPECT_FALSE(parse_size("16777216T", true));
    EXPECT_FALSE(parse_size("17179869184G", true));
    EXPECT_FALSE(parse_size("99999999999999999999999999", false));
}

TEST(Size, Format) {
    EXPECT_EQ(format_size(0), "0");
    EXPECT_EQ(format_size(1), "1");
    EXPECT_EQ(format_size(1023), "1023");
    EXPECT_EQ(format_size(1024), "1K");
    EXPECT_EQ(format_size(1536), "1536");
    EXPECT_EQ(format_size(52428800), "50M");
    EXPECT_EQ(format_size(1610612736), "1536M");
    EXPECT_EQ(format_size(1073741824), "1G");
    EXPECT_EQ(format_size(2199023255552), "2T");
    EXPECT_EQ(format_size(UINT64_MAX), "18446744073709551615");
    EXPECT_EQ(format_size(UINT64_MAX - 1023), "18014398509481983K");
}

TEST(Size, FormatParsesBack) {
    for (std::uint64_t v : {0ULL, 1ULL, 1536ULL, 1ULL << 20, 3ULL << 30, 5ULL << 40, (1ULL << 63), 18446744073709551615ULL})
        EXPECT_EQ(parse_size(format_size(v), false), v);
}

TEST(RctlAlias, GlobalTable) {
    const auto& t = rctl_aliases();
    EXPECT_EQ(t.size(), 7u);
    const RctlAlias* a = find_alias_by_property("max-lwps");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->rctl, "zone.max-lwps");
    EXPECT_EQ(a->action, "deny");
    EXPECT_FALSE(a->size);
    a = find_alias_by_property("cpu-shares");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->rctl, "zone.cpu-shares");
    EXPECT_EQ(a->action, "none");
    a = find_alias_by_property("max-shm-memory");
    ASSERT_NE(a, nullptr);
    EXPECT_TRUE(a->size);
    for (const char* p : {"max-processes", "max-shm-ids", "max-msg-ids", "max-sem-ids"}) {
        a = find_alias_by_property(p);
        ASSERT_NE(a, nullptr) << p;
        EXPECT_EQ(a->rctl, std::string("zone.") + p);
        EXPECT_EQ(a->action, "deny");
    }
    EXPECT_EQ(find_alias_by_rctl("zone.max-sem-ids")->property, "max-sem-ids");
    EXPECT_EQ(find_alias_by_property("swap"), nullptr);
    EXPECT_EQ(find_alias_by_rctl("zone.max-swap"), nullptr);
    EXPECT_EQ(find_alias_by_property("zone.max-lwps"), nullptr);
}

TEST(RctlAlias, ResourceTable) {
    const RctlAlias* a = find_resource_alias_by_property("swap");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->rctl, "zone.max-swap");
    EXPECT_TRUE(a->size);
    a = find_resource_alias_by_property("locked");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->rctl, "zone.max-locked-memory");
    EXPECT_TRUE(a->size);
    a = find_resource_alias_by_rctl("zone.cpu-cap");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->property, "ncpus");
    EXPECT_FALSE(a->size);
    EXPECT_EQ(find_resource_alias_by_property("max-lwps"), nullptr);
}

TEST(RctlName, Valid) {
    EXPECT_TRUE(valid_rctl_name("zone.max-lwps"));
    EXPECT_TRUE(valid_rctl_name("zone.cpu-shares"));
    EXPECT_TRUE(valid_rctl_name("zone.Foo"));
    for (const char* n : {"", "zone.", "zone", "project.max-lwps", "zone.max_lwps", "zone.max-lwps2", "x.zone.a",
                          "zone.a.b"})
        EXPECT_FALSE(valid_rctl_name(n)) << n;
}

TEST(Syntax, IpAddresses) {
    EXPECT_TRUE(valid_ip_address("10.0.0.1"));
    EXPECT_TRUE(valid_ip_address("fe80::1"));
    EXPECT_FALSE(valid_ip_address("10.0.0.256"));
    EXPECT_FALSE(valid_ip_address("10.0.0.1/24"));
    EXPECT_TRUE(valid_ip_prefix("10.0.0.1/24"));
    EXPECT_TRUE(valid_ip_prefix("10.0.0.1/0"));
    EXPECT_TRUE(valid_ip_prefix("2001:db8::1/64"));
    EXPECT_TRUE(valid_ip_prefix("2001:db8::1/128"));
    EXPECT_FALSE(valid_ip_prefix("10.0.0.1/33"));
    EXPECT_FALSE(valid_ip_prefix("2001:db8::1/129"));
    EXPECT_FALSE(valid_ip_prefix("10.0.0.1"));
    EXPECT_FALSE(valid_ip_prefix("10.0.0.1/"));
    EXPECT_FALSE(valid_ip_prefix("10.0.0.1/-1"));
    EXPECT_FALSE(valid_ip_prefix("10.0.0.1/2x"));
}

TEST(Syntax, Hostnames) {
    for (const char* h : {"web", "web.example.com", "a-b.c", "web.example.com.", "x1"})
        EXPECT_TRUE(valid_hostname(h)) << h;
    for (const std::string h : {"", "-a", "a-", "a..b", "a_b", "10.0.0.300", "1234", "a b"})
        EXPECT_FALSE(valid_hostname(h)) << h;
    EXPECT_FALSE(valid_hostname(std::string(64, 'a')));
}

TEST(Syntax, LinkNames) {
    EXPECT_TRUE(valid_link_name("eth0"));
    EXPECT_TRUE(valid_link_name("br-zones.100"));
    EXPECT_TRUE(valid_link_name(std::string(15, 'a')));
    for (const char* l : {"", ".", "..", "a/b", "a b", "a:1", "a\tb"})
        EXPECT_FALSE(valid_link_name(l)) << l;
    EXPECT_FALSE(valid_link_name(std::string(16, 'a')));
}

TEST(Syntax, DatasetNames) {
    for (const char* d : {"tank", "tank/zones/web", "rpool/a-b_c.d:e", "tank/with space"})
        EXPECT_TRUE(valid_dataset_name(d)) << d;
    for (const char* d : {"", "/tank", "tank/", "tank//a", "1tank", "tank/../x", "tank/./x", "tank@snap", "tank#b"})
        EXPECT_FALSE(valid_dataset_name(d)) << d;
}

TEST(Syntax, Privileges) {
    for (const char* p : {"default", "all", "none", "zone", "basic", "sys_time", "SYS_TIME", "net_rawaccess",
                          "proc_info", "file_chown", "dtrace_proc", "proc_clock_highres"})
        EXPECT_TRUE(known_privilege(p)) << p;
    for (const char* p : {"", "-sys_time", "cap_sys_admin", "sys-time", "bogus"})
        EXPECT_FALSE(known_privilege(p)) << p;
}

TEST(Syntax, RctlActions) {
    for (const char* a : {"none", "deny", "signal=SIGTERM", "signal=XCPU", "signal=kill", "signal=9", "signal=64"})
        EXPECT_TRUE(valid_rctl_action(a)) << a;
    for (const char* a : {"", "Deny", "signal=", "signal=0", "signal=65", "signal=SIG", "signal=BOGUS", "deny,none"})
        EXPECT_FALSE(valid_rctl_action(a)) << a;
}

TEST(Syntax, U64) {
    EXPECT_TRUE(valid_u64("0"));
    EXPECT_TRUE(valid_u64("18446744073709551615"));
    EXPECT_FALSE(valid_u64("18446744073709551616"));
    EXPECT_FALSE(valid_u64("-1"));
    EXPECT_FALSE(valid_u64("+1"));
    EXPECT_FALSE(valid_u64(""));
    EXPECT_FALSE(valid_u64("1 "));
}
