// The authorization table (daemon/authz.cpp): every verb has one rule, the
// admin resource's auths grant what illumos grants, and refusals read as
// illumos writes them.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "authz.hpp"

using namespace zones;
using namespace zones::daemon;

namespace {

const Verb kAll[] = {Verb::Create, Verb::Configure, Verb::Delete, Verb::Install, Verb::Uninstall,
                     Verb::Mark, Verb::Ready, Verb::Boot, Verb::Halt, Verb::Shutdown,
                     Verb::Reboot, Verb::Apply, Verb::Run, Verb::Login, Verb::Failsafe,
                     Verb::Console, Verb::CloneFrom, Verb::Log};

ZoneConfig with_admins(std::initializer_list<Admin> admins) {
    ZoneConfig cfg;
    cfg.name = "web";
    cfg.admins = admins;
    return cfg;
}

bool full(Verb v, unsigned auths) { return (rule(v).grants & auths) != 0; }
bool behind_password(Verb v, unsigned auths) { return (rule(v).password_grants & auths) != 0; }

}  // namespace

TEST(AuthzTable, EveryVerbHasOneRuleWithAnActionOfOurs) {
    const std::set<std::string> actions = {"org.zones.configure", "org.zones.create",
                                           "org.zones.manage", "org.zones.login",
                                           "org.zones.console", "org.zones.clone"};
    std::set<std::string> names;
    for (Verb v : kAll) {
        const VerbRule& r = rule(v);
        EXPECT_EQ(r.verb, v);
        EXPECT_TRUE(actions.count(std::string(r.action))) << r.name << ": " << r.action;
        EXPECT_TRUE(names.insert(std::string(r.name)).second) << "two verbs named " << r.name;
        EXPECT_EQ(verb_named(r.name), v);
    }
    EXPECT_FALSE(verb_named("reset"));
}

TEST(AuthzTable, ActionsPerVerb) {
    EXPECT_EQ(rule(Verb::Create).action, "org.zones.create");
    EXPECT_EQ(rule(Verb::Configure).action, "org.zones.configure");
    EXPECT_EQ(rule(Verb::Delete).action, "org.zones.configure");
    for (Verb v : {Verb::Install, Verb::Uninstall, Verb::Mark, Verb::Ready, Verb::Boot, Verb::Halt,
                   Verb::Shutdown, Verb::Reboot, Verb::Apply, Verb::Log})
        EXPECT_EQ(rule(v).action, "org.zones.manage") << rule(v).name;
    EXPECT_EQ(rule(Verb::Run).action, "org.zones.login");
    EXPECT_EQ(rule(Verb::Login).action, "org.zones.login");
    EXPECT_EQ(rule(Verb::Failsafe).action, "org.zones.login");
    EXPECT_EQ(rule(Verb::Console).action, "org.zones.console");
    EXPECT_EQ(rule(Verb::CloneFrom).action, "org.zones.clone");
}

TEST(AuthzTable, OnlyChangesAreAudited) {
    for (Verb v : kAll)
        EXPECT_EQ(rule(v).audited, v != Verb::Log) << rule(v).name;
}

TEST(AdminAuths, ManageGivesZoneadmZloginAndConsole) {
    const unsigned a = kAuthManage;
    for (Verb v : {Verb::Install, Verb::Uninstall, Verb::Mark, Verb::Ready, Verb::Boot, Verb::Halt,
                   Verb::Shutdown, Verb::Reboot, Verb::Apply, Verb::Run, Verb::Login,
                   Verb::Failsafe, Verb::Console, Verb::Log})
        EXPECT_TRUE(full(v, a)) << rule(v).name;
    EXPECT_FALSE(full(Verb::CloneFrom, a));
}

TEST(AdminAuths, LoginGivesOnlyAPasswordLogin) {
    const unsigned a = kAuthLogin;
    for (Verb v : kAll) {
        if (v != Verb::Log) {
            EXPECT_FALSE(full(v, a)) << rule(v).name;
        }
    }
    EXPECT_TRUE(behind_password(Verb::Login, a));
    for (Verb v : {Verb::Run, Verb::Failsafe, Verb::Console, Verb::Boot})
        EXPECT_FALSE(behind_password(v, a)) << rule(v).name;
}

TEST(AdminAuths, ClonefromGivesTheCloneSourceOnly) {
    EXPECT_TRUE(full(Verb::CloneFrom, kAuthCloneFrom));
    for (Verb v : {Verb::Boot, Verb::Run, Verb::Login, Verb::Console, Verb::Install})
        EXPECT_FALSE(full(v, kAuthCloneFrom) || behind_password(v, kAuthCloneFrom)) << rule(v).name;
}

TEST(AdminAuths, NoAuthGrantsConfiguration) {
    // A zone administrator cannot give himself (or anyone) more rights.
    const unsigned all = kAuthLogin | kAuthManage | kAuthCloneFrom;
    for (Verb v : {Verb::Create, Verb::Configure, Verb::Delete})
        EXPECT_FALSE(full(v, all) || behind_password(v, all)) << rule(v).name;
}

TEST(AdminAuths, ReadsTheResourcesOfThatUserOnly) {
    const ZoneConfig cfg = with_admins({{"bob", "login,manage"}, {"carol", "login"},
                                        {"dave", " clonefrom , bogus"}});
    EXPECT_EQ(admin_auths(cfg, "bob"), kAuthLogin | kAuthManage);
    EXPECT_EQ(admin_auths(cfg, "carol"), kAuthLogin);
    EXPECT_EQ(admin_auths(cfg, "dave"), kAuthCloneFrom);
    EXPECT_EQ(admin_auths(cfg, "mallory"), kAuthNone);
    EXPECT_EQ(admin_auths(cfg, "Bob"), kAuthNone);
    EXPECT_EQ(admin_auths(cfg, ""), kAuthNone);
    EXPECT_EQ(admin_auths(with_admins({}), "bob"), kAuthNone);
    EXPECT_EQ(admin_auths(with_admins({{"bob", "solaris.zone.manage"}}), "bob"), kAuthNone);
}

TEST(Refusals, IllumosWording) {
    EXPECT_EQ(refusal_text(Verb::Boot, "bob", "web"),
              "zone 'web': User bob is not authorized to boot this zone.");
    EXPECT_EQ(refusal_text(Verb::Mark, "bob", "web"),
              "zone 'web': User bob is not authorized to mark this zone.");
    EXPECT_EQ(refusal_text(Verb::Run, "bob", "web"),
              "bob is not authorized for  failsafe or non-interactive login to  web zone.");
    EXPECT_EQ(refusal_text(Verb::Failsafe, "bob", "web"),
              "bob is not authorized for  failsafe or non-interactive login to  web zone.");
    EXPECT_EQ(refusal_text(Verb::Login, "bob", "web"), "bob is not authorized  to login to web zone.");
    EXPECT_EQ(refusal_text(Verb::Console, "bob", "web"),
              "bob is not authorized for console access to  web zone.");
    EXPECT_EQ(refusal_text(Verb::Configure, "bob", "web"), "web: Permission denied");
    EXPECT_EQ(refusal_text(Verb::Create, "bob", ""), "Permission denied");
    EXPECT_EQ(refusal_text(Verb::CloneFrom, "bob", "web"),
              "zone 'web': clone operation is invalid because user is not authorized to read source zone.");
    EXPECT_EQ(refusal_text(Verb::Log, "1234", "web"),
              "zone 'web': User 1234 is not authorized to view the log of this zone.");
}

TEST(Refusals, AClientNameStaysOneLine) {
    const std::string line = refusal_text(Verb::Boot, "bob", "we\nb");
    EXPECT_EQ(line.find('\n'), std::string::npos);
}

// A call waits for its turn on the zone's lane after it was authorized; a
// rename and a new zone of the name may come first.
TEST(AuthzSameZone, OnlyTheZoneTheCallerWasAuthorizedFor) {
    EXPECT_TRUE(same_zone(Verb::Install, 7, 7));
    EXPECT_FALSE(same_zone(Verb::Install, 7, 9)) << "renamed, and a new zone took the name";
    EXPECT_FALSE(same_zone(Verb::Install, 7, 0)) << "renamed or deleted";
    EXPECT_FALSE(same_zone(Verb::Configure, 7, 9));
    EXPECT_FALSE(same_zone(Verb::Login, 7, 9));
    // Creating: the zone must still not exist.
    EXPECT_TRUE(same_zone(Verb::Create, 0, 0));
    EXPECT_FALSE(same_zone(Verb::Create, 0, 3)) << "made meanwhile by someone else";
    // About no zone: allowed by an authorization for every zone.
    EXPECT_TRUE(same_zone(Verb::Boot, 0, 4));
}
