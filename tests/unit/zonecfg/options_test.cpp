// The zonecfg tool's command line (tools/zonecfg/options.cpp).
#include <gtest/gtest.h>

#include "options.hpp"

namespace zones::zonecfg_tool {
namespace {

ParseResult parse(std::vector<std::string> args) {
    args.insert(args.begin(), "zonecfg");
    return parse_options(args);
}

TEST(ToolOptions, Modes) {
    auto r = parse({"-z", "web"});
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.inv.mode, Invocation::Mode::Interactive);
    EXPECT_EQ(r.inv.zone, "web");

    r = parse({"-z", "web", "-f", "/tmp/cmds"});
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.inv.mode, Invocation::Mode::File);
    EXPECT_EQ(r.inv.file, "/tmp/cmds");

    r = parse({"-zweb", "-f-"});
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.inv.file, "-");

    r = parse({"-z", "web", "set", "-F", "zonepath=/x"});
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.inv.mode, Invocation::Mode::Args);
    EXPECT_EQ(joined_command(r.inv.words), "set -F zonepath=/x\n");

    r = parse({"help", "commands"});
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.inv.mode, Invocation::Mode::Help);
    EXPECT_EQ(joined_command(r.inv.words), "help commands\n");

    r = parse({"-z", "global", "info"});
    EXPECT_TRUE(r.ok);
}

TEST(ToolOptions, UsageErrors) {
    auto r = parse({});
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err.rfind("usage:\tzonecfg help\n", 0), 0u);
    EXPECT_NE(r.err.find("Commands:\n"), std::string::npos);

    r = parse({"-z"});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err.rfind("zonecfg: option requires an argument -- z\nusage:", 0), 0u);

    r = parse({"-x"});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err.rfind("zonecfg: illegal option -- x\n", 0), 0u);

    r = parse({"info"});
    EXPECT_EQ(r.status, 2);

    r = parse({"-z", "web", "-f", "cmds", "info"});
    EXPECT_EQ(r.status, 2);

    r = parse({"-?"});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out.rfind("usage:\tzonecfg help\n", 0), 0u);
}

TEST(ToolOptions, BogusZoneName) {
    auto r = parse({"-z", "../etc", "info"});
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err.rfind("../etc: Bogus zone name\n\n<zone> := ", 0), 0u);
}

}  // namespace
}  // namespace zones::zonecfg_tool
