#include <gtest/gtest.h>

#include "zonecfg/help.hpp"
#include "zonecfg/parser.hpp"

namespace zones::zonecfg {
namespace {

Command one(std::string_view text) {
    auto items = parse(text);
    EXPECT_EQ(items.size(), 1u) << text;
    const Command* c = items.empty() ? nullptr : std::get_if<Command>(&items.front());
    EXPECT_NE(c, nullptr) << text;
    return c ? *c : Command{};
}

SyntaxError syntax(std::string_view text) {
    auto items = parse(text);
    for (const auto& i : items)
        if (auto* s = std::get_if<SyntaxError>(&i))
            return *s;
    ADD_FAILURE() << "no syntax error in: " << text;
    return {};
}

UsageError usage(std::string_view text) {
    auto items = parse(text);
    for (const auto& i : items)
        if (auto* u = std::get_if<UsageError>(&i))
            return *u;
    ADD_FAILURE() << "no usage error in: " << text;
    return {};
}

TEST(Parser, SetSimple) {
    Command c = one("set zonepath=/zones/web\n");
    EXPECT_EQ(c.cmd, Cmd::Set);
    ASSERT_EQ(c.props.size(), 1u);
    EXPECT_EQ(c.props[0].name, "zonepath");
    EXPECT_EQ(c.props[0].value.kind, Value::Kind::Simple);
    EXPECT_EQ(c.props[0].value.simple, "/zones/web");
}

TEST(Parser, KeywordsAreValues) {
    EXPECT_EQ(one("set name=net").props[0].value.simple, "net");
    EXPECT_EQ(one("set special=dedicated-cpu").props[0].value.simple, "dedicated-cpu");
    EXPECT_EQ(one("add options value").props[0].value.simple, "value");
}

TEST(Parser, SetEmptyList) {
    Command c = one("set options=[]");
    EXPECT_EQ(c.props[0].value.kind, Value::Kind::List);
    EXPECT_TRUE(c.props[0].value.list.empty());
}

TEST(Parser, SetForcedZonepath) {
    Command c = one("set -F zonepath=/x");
    EXPECT_EQ(c.args, std::vector<std::string>{"-F"});
    EXPECT_EQ(c.props[0].name, "zonepath");
}

TEST(Parser, AddForms) {
    EXPECT_EQ(one("add fs").resource, "fs");
    Command opt = one("add options [ro,nodevices]");
    EXPECT_FALSE(opt.pairs_form);
    ASSERT_EQ(opt.props[0].value.list.size(), 2u);
    EXPECT_EQ(opt.props[0].value.list[1].simple, "nodevices");
    Command val = one("add value (priv=privileged,limit=5,action=none)");
    ASSERT_EQ(val.props[0].value.pairs.size(), 3u);
    EXPECT_EQ(val.props[0].value.pairs[1], (Pair{"limit", "5"}));
    EXPECT_EQ(one("add -?").args, std::vector<std::string>{"-?"});
}

TEST(Parser, ListOfComplexValues) {
    Command c = one("add value [(priv=privileged,limit=1,action=deny),(priv=privileged,limit=2,action=deny)]");
    ASSERT_EQ(c.props[0].value.list.size(), 2u);
    EXPECT_TRUE(c.props[0].value.list[0].complex);
    EXPECT_EQ(c.props[0].value.list[1].pairs[1].value, "2");
}

TEST(Parser, SelectRemoveInfoPairs) {
    Command s = one("select net physical=e0 address=10.0.0.1/24");
    EXPECT_EQ(s.resource, "net");
    ASSERT_EQ(s.props.size(), 2u);
    EXPECT_EQ(s.props[1].value.simple, "10.0.0.1/24");
    Command r = one("remove -F fs");
    EXPECT_EQ(r.args, std::vector<std::string>{"-F"});
    EXPECT_EQ(r.resource, "fs");
    EXPECT_EQ(one("remove options ro").pairs_form, false);
    EXPECT_EQ(one("info net physical=e0").props.size(), 1u);
    EXPECT_EQ(one("info zonepath").property, "zonepath");
    EXPECT_EQ(one("info max-lwps").property, "max-lwps");
    EXPECT_EQ(one("select dedicated-cpu").resource, "dedicated-cpu");
    EXPECT_EQ(one("clear pool").property, "pool");
}

TEST(Parser, CommandsWithTokens) {
    EXPECT_EQ(one("create -t SUNWlx").args, (std::vector<std::string>{"-t", "SUNWlx"}));
    EXPECT_EQ(one("create -F -b").args, (std::vector<std::string>{"-F", "-b"}));
    EXPECT_EQ(one("export -f /tmp/x").args, (std::vector<std::string>{"-f", "/tmp/x"}));
    EXPECT_EQ(one("help commands").args, std::vector<std::string>{"commands"});
    EXPECT_EQ(one("? set").cmd, Cmd::Help);
    EXPECT_EQ(one("exit -F").cmd, Cmd::Exit);
}

TEST(Parser, SeveralCommandsAndLines) {
    auto items = parse("add net; set physical=e0\n\n# comment\nend\n");
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(std::get<Command>(items[0]).line, 1);
    EXPECT_EQ(std::get<Command>(items[1]).line, 1);
    EXPECT_EQ(std::get<Command>(items[2]).line, 4);
}

TEST(Parser, LastCommandNeedsNoTerminator) {
    EXPECT_EQ(one("commit").cmd, Cmd::Commit);
}

TEST(Parser, SyntaxErrors) {
    SyntaxError s = syntax("set bootargs = =\n");
    EXPECT_EQ(s.near, "=");
    EXPECT_FALSE(s.at_end);
    EXPECT_EQ(syntax("set value=unix=/tmp/vm.vnc,wait\n").near, "=");
    EXPECT_EQ(syntax("set zonepath\n").near, "\\n");
    EXPECT_EQ(syntax("bogus\n").near, "b");
    EXPECT_EQ(syntax("create -t net\n").near, "net");
    EXPECT_EQ(syntax("set zonepath=/x y\n").near, "y");
    EXPECT_EQ(syntax("add value (priv=a\n").near, "\\n");
    EXPECT_EQ(syntax("set bootargs=\"x\n").near, "\"");
    EXPECT_EQ(syntax("set a=x\n").near, "=");
    EXPECT_EQ(syntax("\nset zonepath=\"/x\n").line, 2);
}

TEST(Parser, TokenExpectedAtEnd) {
    SyntaxError s = syntax("set zonepath=");
    EXPECT_TRUE(s.at_end);
    EXPECT_TRUE(syntax("add options [a,").at_end);
}

TEST(Parser, UsageErrors) {
    EXPECT_EQ(usage("add\n").cmd, Cmd::Add);
    EXPECT_EQ(usage("add\n").help_flags, kHelpResProps);
    EXPECT_EQ(usage("info foo\n").cmd, Cmd::Info);
    EXPECT_EQ(usage("remove\n").cmd, Cmd::Remove);
    EXPECT_EQ(usage("remove -F\n").cmd, Cmd::Remove);
    EXPECT_EQ(usage("select\n").cmd, Cmd::Select);
    EXPECT_EQ(usage("select fs\n").help_flags, 0u);
    EXPECT_EQ(usage("set\n").help_flags, kHelpProps);
    EXPECT_EQ(usage("clear\n").cmd, Cmd::Clear);
}

TEST(Parser, RecoversAtTheNextCommand) {
    auto items = parse("set = x; set pool=p\nbogus thing\ncommit\n");
    ASSERT_EQ(items.size(), 4u);
    EXPECT_TRUE(std::holds_alternative<UsageError>(items[0]));   // yacc reduces `set` first
    EXPECT_EQ(std::get<Command>(items[1]).props[0].value.simple, "p");
    EXPECT_TRUE(std::holds_alternative<SyntaxError>(items[2]));
    EXPECT_EQ(std::get<Command>(items[3]).cmd, Cmd::Commit);
}

}  // namespace
}  // namespace zones::zonecfg
