// zlogin's pure logic: options (illumos order and messages), the escape
// filter, and zoneadmd's zone passwd/group parsing and command decisions.
#include <gtest/gtest.h>

#include "escape.hpp"
#include "login_command.hpp"
#include "options.hpp"
#include "zone_users.hpp"

using namespace zones;

namespace {

std::optional<zlogin::ParseError> parse(std::vector<std::string> args, zlogin::Options& o) {
    return zlogin::parse_options(args, o);
}

std::string feed_all(zlogin::EscapeFilter& f, std::string_view in, bool& leave) { return f.feed(in, leave); }

}  // namespace

TEST(ZloginOptions, CommandModeKeepsTheCommandsOwnOptions) {
    zlogin::Options o;
    ASSERT_FALSE(parse({"-l", "bob", "web", "ls", "-l", "/tmp"}, o));
    EXPECT_EQ(o.user, "bob");
    EXPECT_EQ(o.zone, "web");
    EXPECT_EQ(o.command, (std::vector<std::string>{"ls", "-l", "/tmp"}));
}

TEST(ZloginOptions, ClusteredFlagsAndAttachedValues) {
    zlogin::Options o;
    ASSERT_FALSE(parse({"-QEn", "-lroot", "-e@", "web", "true"}, o));
    EXPECT_TRUE(o.quiet);
    EXPECT_TRUE(o.no_escape);
    EXPECT_TRUE(o.null_stdin);
    EXPECT_EQ(o.user, "root");
    EXPECT_EQ(o.escape, '@');
}

TEST(ZloginOptions, ConsoleConflictsUseIllumosWording) {
    zlogin::Options o;
    EXPECT_EQ(parse({"-C", "-l", "bob", "web"}, o)->message, "-l may not be specified for console login");
    zlogin::Options o2;
    EXPECT_EQ(parse({"-C", "-n", "web"}, o2)->message, "-n may not be specified for console login");
    zlogin::Options o3;
    EXPECT_EQ(parse({"-CS", "web"}, o3)->message, "-S may not be specified for console login");
    zlogin::Options o4;
    EXPECT_EQ(parse({"-C", "web", "ls"}, o4)->message, "Commands may not be specified for console login.");
    zlogin::Options o5;
    EXPECT_EQ(parse({"-S", "-l", "bob", "web"}, o5)->message, "-l may not be specified for failsafe login");
}

TEST(ZloginOptions, UsageErrors) {
    zlogin::Options o;
    auto e = parse({}, o);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->message, "");
    zlogin::Options o2;
    EXPECT_TRUE(parse({"-x", "web"}, o2));
    zlogin::Options o3;
    EXPECT_TRUE(parse({"web", "-l"}, o3) == std::nullopt);   // "-l" belongs to the command
    EXPECT_EQ(o3.command, std::vector<std::string>{"-l"});
    zlogin::Options o4;
    EXPECT_TRUE(parse({"-l"}, o4));
}

TEST(ZloginOptions, EscapeCharacterForms) {
    std::string err;
    EXPECT_EQ(zlogin::parse_escape("@", err), '@');
    EXPECT_EQ(zlogin::parse_escape("\\035", err), 035);
    EXPECT_EQ(zlogin::parse_escape("\\0", err), 0);
    EXPECT_FALSE(zlogin::parse_escape("\\400", err));
    EXPECT_EQ(err, "Octal escape character '\\400' too large");
    EXPECT_FALSE(zlogin::parse_escape("ab", err));
    EXPECT_EQ(err, "Unrecognized escape character option ab");
    EXPECT_FALSE(zlogin::parse_escape("\\9", err));
}

TEST(ZloginEscape, TildeDotAtSessionStartDisconnects) {
    zlogin::EscapeFilter f('~');
    bool leave = false;
    EXPECT_EQ(feed_all(f, "~.", leave), "");
    EXPECT_TRUE(leave);
}

TEST(ZloginEscape, OnlyAtTheStartOfALine) {
    zlogin::EscapeFilter f('~');
    bool leave = false;
    EXPECT_EQ(feed_all(f, "ls ~.", leave), "ls ~.");
    EXPECT_FALSE(leave);
    EXPECT_EQ(feed_all(f, "\r~", leave), "\r");   // held back: maybe an escape
    EXPECT_FALSE(leave);
    EXPECT_EQ(feed_all(f, ".rest", leave), "");
    EXPECT_TRUE(leave);
}

TEST(ZloginEscape, SplitAcrossReadsAndAfterNewline) {
    zlogin::EscapeFilter f('~');
    bool leave = false;
    EXPECT_EQ(feed_all(f, "echo\n", leave), "echo\n");
    EXPECT_EQ(feed_all(f, "~", leave), "");
    EXPECT_EQ(feed_all(f, ".", leave), "");
    EXPECT_TRUE(leave);
}

TEST(ZloginEscape, DoubledEscapeSendsOneAndOtherCharactersPassThrough) {
    zlogin::EscapeFilter f('~');
    bool leave = false;
    EXPECT_EQ(feed_all(f, "~~.", leave), "~.");
    EXPECT_FALSE(leave);
    zlogin::EscapeFilter g('~');
    EXPECT_EQ(feed_all(g, "~x\r~/", leave), "~x\r~/");
    EXPECT_FALSE(leave);
}

TEST(ZloginEscape, DisabledAndCustomCharacter) {
    zlogin::EscapeFilter off(-1);
    bool leave = false;
    EXPECT_EQ(feed_all(off, "~.", leave), "~.");
    EXPECT_FALSE(leave);
    zlogin::EscapeFilter at('@');
    EXPECT_EQ(feed_all(at, "~.\r", leave), "~.\r");
    EXPECT_FALSE(leave);
    EXPECT_EQ(feed_all(at, "@.", leave), "");
    EXPECT_TRUE(leave);
}

TEST(ZoneUsers, FindsByNameNeverByHostNss) {
    const std::string passwd =
        "root:x:0:0:root:/root:/bin/bash\n"
        "# a comment\n"
        "broken line\n"
        "+nisuser::::::\n"
        "zoneonly:x:1234:1234:Zone User:/home/zoneonly:/bin/sh\n"
        "noshell:x:7:7::/:\n";
    auto u = zoneadmd::find_user(passwd, "zoneonly");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->uid, 1234u);
    EXPECT_EQ(u->gid, 1234u);
    EXPECT_EQ(u->home, "/home/zoneonly");
    EXPECT_EQ(u->shell, "/bin/sh");
    EXPECT_FALSE(zoneadmd::find_user(passwd, "nisuser"));
    EXPECT_FALSE(zoneadmd::find_user(passwd, "broken line"));
    EXPECT_FALSE(zoneadmd::find_user(passwd, "nobody"));
    auto n = zoneadmd::find_user(passwd, "noshell");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->shell, "/bin/sh");   // empty shell field: /bin/sh, as login(1)
}

TEST(ZoneUsers, NumericNameIsAUidOnlyWhenNoUserHasThatName) {
    const std::string passwd = "root:x:0:0::/root:/bin/sh\n1234:x:5:5::/:/bin/sh\nbob:x:1234:100::/home/bob:/bin/sh\n";
    EXPECT_EQ(zoneadmd::find_user(passwd, "1234")->uid, 5u);
    EXPECT_EQ(zoneadmd::find_user(passwd, "0")->name, "root");
}

TEST(ZoneUsers, RejectsBadNumbers) {
    EXPECT_FALSE(zoneadmd::find_user("x:x:-1:0::/:/bin/sh\n", "x"));
    EXPECT_FALSE(zoneadmd::find_user("x:x:4294967295:0::/:/bin/sh\n", "x"));
    EXPECT_FALSE(zoneadmd::find_user("x:x:12a:0::/:/bin/sh\n", "x"));
    EXPECT_FALSE(zoneadmd::find_user("x:x:1:0::/\n", "x"));   // 6 fields
}

TEST(ZoneUsers, SupplementaryGroups) {
    const std::string group = "root:x:0:\nwheel:x:10:alice,bob\naudio:x:29:bobby\nstaff:x:50:bob\ntty:x:5:\n";
    EXPECT_EQ(zoneadmd::user_groups(group, "bob", 100), (std::vector<gid_t>{100, 10, 50}));
    EXPECT_EQ(zoneadmd::user_groups(group, "carol", 7), (std::vector<gid_t>{7}));
    EXPECT_EQ(zoneadmd::user_groups(group, "alice", 10), (std::vector<gid_t>{10}));
    EXPECT_EQ(zoneadmd::group_id(group, "tty"), 5u);
    EXPECT_FALSE(zoneadmd::group_id(group, "video"));
}

TEST(LoginCommand, PlainWordsRunDirectly) {
    EXPECT_FALSE(zoneadmd::needs_shell({"true"}));
    EXPECT_FALSE(zoneadmd::needs_shell({"ls", "-l", "/tmp/a.b", "x=1", "50%", "user@host:1,2+3"}));
}

TEST(LoginCommand, AnythingTheShellInterpretsGoesThroughIt) {
    for (const char* w : {"a b", "$HOME", "a|b", "a;b", "a&", "*", "?", "[x]", "~", "#c", "'q'", "\"q\"", "a\\b",
                          "`x`", "(x)", "{x}", "a>b", "a<b", "!x", "a\nb", ""})
        EXPECT_TRUE(zoneadmd::needs_shell({"echo", w})) << w;
    EXPECT_TRUE(zoneadmd::needs_shell({"X=1", "env"}));   // an assignment
    EXPECT_TRUE(zoneadmd::needs_shell({"exit 3"}));
    EXPECT_TRUE(zoneadmd::needs_shell({"if"}));
    EXPECT_TRUE(zoneadmd::needs_shell({"time", "ls"}));
    EXPECT_TRUE(zoneadmd::needs_shell({}));
}

TEST(LoginCommand, JoinedTheIllumosWay) {
    EXPECT_EQ(zoneadmd::join_command({"ls", "-l", "a b"}), "ls -l a b ");
    EXPECT_EQ(zoneadmd::login_argv0("/bin/bash"), "-bash");
    EXPECT_EQ(zoneadmd::login_argv0("sh"), "-sh");
}

TEST(LoginCommand, PathSearch) {
    EXPECT_EQ(zoneadmd::path_candidates("ls", "/usr/bin:/bin"), (std::vector<std::string>{"/usr/bin/ls", "/bin/ls"}));
    EXPECT_EQ(zoneadmd::path_candidates("./x", "/usr/bin"), std::vector<std::string>{"./x"});
    EXPECT_EQ(zoneadmd::path_candidates("x", "/a::/b"), (std::vector<std::string>{"/a/x", "x", "/b/x"}));
}
