// Session lifecycle: create, commit, exit and end of input, modes and
// their messages, delete, revert, help, verify, scopes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness.hpp"
#include "zones/xml.hpp"

namespace zones::zonecfg::test {
namespace {

TEST(Session, NonInteractiveNewZoneNeedsCreate) {
    Harness h;
    EXPECT_EQ(h.run("set autoboot=true\n"), 1);
    EXPECT_EQ(h.err.str(), "web: No such zone configured\n");
    EXPECT_TRUE(h.backend.zones.empty());
}

TEST(Session, InteractiveStartOnNewZone) {
    Harness h("web", Mode::Interactive);
    h.session->start();
    EXPECT_EQ(h.err.str(), "web: No such zone configured\n");
    EXPECT_EQ(h.out.str(), "Use 'create' to begin configuring a new zone.\n");
    EXPECT_FALSE(h.session->saw_error());
    EXPECT_EQ(h.session->prompt(), "zonecfg:web> ");
    h.feed("create -b\nadd net\n");
    EXPECT_EQ(h.session->prompt(), "zonecfg:web:net> ");
}

TEST(Session, CreateDefaultTemplate) {
    Harness h;
    EXPECT_EQ(h.run("create\nset zonepath=/zones/web\n"), 0);
    EXPECT_EQ(h.err.str(), "");
    const ZoneConfig& c = h.zone("web");
    EXPECT_EQ(c.name, "web");
    EXPECT_EQ(c.brand, "sparse");
    EXPECT_EQ(c.zonepath, "/zones/web");
    EXPECT_EQ(c.ipds, h.backend.templates["SUNWdefault"].ipds);
}

TEST(Session, CreateBlankAndFromZone) {
    Harness h;
    ASSERT_EQ(h.run("create -b; set zonepath=/zones/web; set autoboot=true\n"), 0);
    EXPECT_EQ(h.zone("web").brand, "whole");
    EXPECT_TRUE(h.zone("web").ipds.empty());
    h.open("twin", Mode::Args);
    ASSERT_EQ(h.run("create -t web\n"), 0) << h.err.str();
    ZoneConfig twin = h.zone("twin");
    twin.name = "web";
    EXPECT_EQ(twin, h.zone("web"));   // a copy but for the name
}

TEST(Session, CreateLastTemplateOptionWins) {
    Harness h;
    ASSERT_EQ(h.run("create; set zonepath=/zones/web; set autoboot=true\n"), 0);
    h.open("a", Mode::Args);
    ASSERT_EQ(h.run("create -b -t web; set zonepath=/zones/a\n"), 0) << h.err.str();
    EXPECT_EQ(h.zone("a").brand, "sparse");
    EXPECT_TRUE(h.zone("a").autoboot);
    h.open("b", Mode::Args);
    ASSERT_EQ(h.run("create -t web -b; set zonepath=/zones/b\n"), 0) << h.err.str();
    EXPECT_EQ(h.zone("b").brand, "whole");
    EXPECT_FALSE(h.zone("b").autoboot);
}

TEST(Session, CreateFromMissingTemplate) {
    Harness h;
    EXPECT_EQ(h.run("create -t nosuch\n"), 1);
    EXPECT_EQ(h.err.str(), "nosuch: No such zone configured\n");
}

TEST(Session, CreateOverExistingZone) {
    Harness h;
    ASSERT_EQ(h.run("create; set zonepath=/a\n"), 0);
    h.open("web", Mode::Args);
    EXPECT_EQ(h.run("create; set zonepath=/b\n"), 1);
    EXPECT_EQ(h.questions, "Zone web already exists; create anyway\n");
    EXPECT_EQ(h.err.str(), "Zone exists, input not from terminal and -F not specified:\n"
                           "create command ignored, exiting.\n");
    EXPECT_EQ(h.zone("web").zonepath, "/a");

    h.open("web", Mode::Args);
    EXPECT_EQ(h.run("create -F; set zonepath=/c\n"), 0);
    EXPECT_EQ(h.out.str(), "Zone web already exists; overwriting.\n");
    EXPECT_EQ(h.zone("web").zonepath, "/c");

    h.open("web", Mode::Args);
    h.answers = {true};
    EXPECT_EQ(h.run("create -b; set zonepath=/d\n"), 0);
    EXPECT_EQ(h.zone("web").zonepath, "/d");
    EXPECT_EQ(h.backend.zones.size(), 1u);
}

TEST(Session, CreateInstalledZoneRefused) {
    Harness h;
    ASSERT_EQ(h.run("create; set zonepath=/a\n"), 0);
    h.backend.states["web"] = ZoneState::Installed;
    h.open("web", Mode::Args);
    EXPECT_EQ(h.run("create -F\n"), 1);
    EXPECT_EQ(h.err.str(), "Zone web already installed; create not allowed.\n");
}

TEST(Session, CreateUsage) {
    Harness h;
    EXPECT_EQ(h.run("create -x\n"), 1);
    EXPECT_EQ(h.err.str(), "usage:\ncreate [-F] [ -a <path> | -b | -t <template> ]\n");
    h.open("web", Mode::Args);
    h.run("create -?\n");
    EXPECT_EQ(h.out.str().rfind("usage:\ncreate [-F] [ -a <path> | -b | -t <template> ]\n"
                                "\tCreates a configuration for the specified zone.", 0), 0u);
    h.open("web", Mode::File);
    EXPECT_EQ(h.run("create extra\n"), 1);
    EXPECT_EQ(h.err.str(), "syntax error on line 1 of cmds\n"
                           "usage:\ncreate [-F] [ -a <path> | -b | -t <template> ]\n");
}

TEST(Session, CreateAttachWithoutManifest) {
    Harness h;
    EXPECT_EQ(h.run("create -a /nonexistent/path\n"), 1);
    EXPECT_EQ(h.err.str(), "invalid path to detached zone\n");
}

TEST(Session, CreateFromDetachedZone) {
    Harness h;
    ASSERT_EQ(h.run("create; set zonepath=/zones/web; set autoboot=true\n"), 0);
    std::string dir = ::testing::TempDir() + "zonecfg-detached";
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/SUNWdetached.xml") << to_xml(h.zone("web"));
    h.open("moved", Mode::Args);
    EXPECT_EQ(h.run("create -a " + dir + "\n"), 0) << h.err.str();
    ZoneConfig moved = h.zone("moved");
    moved.name = "web";
    EXPECT_EQ(moved, h.zone("web"));
}

TEST(Session, SunwZonesAreReadOnly) {
    Harness h("SUNWdefault");
    EXPECT_EQ(h.run("set autoboot=true\n"), 1);
    EXPECT_EQ(h.err.str(), "SUNWdefault: zones beginning with SUNW are read-only.\n");
    h.open("SUNWdefault", Mode::Args);
    EXPECT_EQ(h.run("info brand\n"), 0);   // a template can still be shown
    EXPECT_EQ(h.out.str(), "brand: sparse\n");
}

TEST(Session, GlobalZoneCannotBeCreated) {
    Harness h("global");
    EXPECT_EQ(h.run("create; set zonepath=/g\n"), 1);
    EXPECT_EQ(h.err.str(), "Zone global already installed; create not allowed.\n");
}

TEST(Session, CommitFailsVerification) {
    Harness h;
    EXPECT_EQ(h.run("create -b\ncommit\n"), 1);
    EXPECT_EQ(h.err.str(), "zonepath not specified\nZone web failed to verify\n"
                           "web: Required resource missing\n");
    EXPECT_TRUE(h.backend.zones.empty());
}

TEST(Session, EndOfInputCommitFailure) {
    Harness h;
    EXPECT_EQ(h.run("create -b\n"), 1);
    EXPECT_EQ(h.err.str(), "zonepath not specified\nZone web failed to verify\n"
                           "web: Required resource missing\nConfiguration not saved.\n");
}

TEST(Session, ExitCommits) {
    Harness h;
    EXPECT_EQ(h.run("create\nset zonepath=/z\nexit\nset zonepath=/never\n"), 0);
    EXPECT_EQ(h.zone("web").zonepath, "/z");
    EXPECT_EQ(h.backend.commits, 1);
}

TEST(Session, CommitThenNothingLeftToCommit) {
    Harness h;
    EXPECT_EQ(h.run("create; set zonepath=/z; commit\n"), 0);
    EXPECT_EQ(h.backend.commits, 1);
    EXPECT_FALSE(h.session->dirty());
}

TEST(Session, CommitErrorFromTheService) {
    Harness h;
    ASSERT_EQ(h.run("create; set zonepath=/z\n"), 0);
    h.open("other", Mode::Args);
    ASSERT_EQ(h.run("create; set zonepath=/o\n"), 0);
    h.open("other", Mode::Args);
    // The session checks the new name; the service has the last word.
    h.backend.zones.erase("web");
    h.feed("set zonename=web\n");
    h.backend.zones["web"] = ZoneConfig{};
    EXPECT_EQ(h.session->finish(), 1);
    EXPECT_EQ(h.err.str(), "web: Zone name already in use\nConfiguration not saved.\n");
}

TEST(Session, FileModeStopsAtTheFirstError) {
    Harness h("bad", Mode::File);
    EXPECT_EQ(h.run("create\nset zonepath=/zones/bad\nset autoboot=maybe\nset bootargs=x\n"), 1);
    EXPECT_EQ(h.err.str(), "On line 3 of cmds:\nautoboot value must be 'true' or 'false'.\n");
    EXPECT_TRUE(h.backend.zones.empty());
}

TEST(Session, FileModeLineHeaderOncePerLine) {
    Harness h("web", Mode::File);
    EXPECT_EQ(h.run("create\nadd fs\nend\n"), 1);
    EXPECT_EQ(h.err.str(), "On line 3 of cmds:\ndir not specified\nspecial not specified\n"
                           "type not specified\n");
}

TEST(Session, StdinCommandFileHeader) {
    MemoryBackend b;
    std::ostringstream out, err;
    Session s(b, "web", SessionOptions{false, "-", true}, out, err);
    s.run("create\nset autoboot=x\n");
    EXPECT_EQ(s.finish(), 1);
    EXPECT_EQ(err.str(), "On line 2:\nautoboot value must be 'true' or 'false'.\n");
}

TEST(Session, SyntaxErrors) {
    Harness h("syn", Mode::File);
    EXPECT_EQ(h.run("create\nset zonepath=/zones/syn\nset bootargs = =\n"), 1);
    EXPECT_EQ(h.err.str().rfind("syntax error on line 3 at '='\nCommands:\n\nadd <resource-type>\n", 0),
              0u);
    EXPECT_TRUE(h.backend.zones.empty());

    h.open("syn", Mode::Args);
    EXPECT_EQ(h.run("set value=unix=/tmp/vm.vnc,wait\n"), 1);
    EXPECT_EQ(h.err.str().rfind("syntax error at '='\n", 0), 0u);

    h.open("syn", Mode::Args);
    EXPECT_EQ(h.run("create; set zonepath\n"), 1);
    EXPECT_EQ(h.err.str().rfind("syntax error at '\\n'\n", 0), 0u);

    h.open("syn", Mode::Args);
    EXPECT_EQ(h.run("create; set zonepath="), 1);
    EXPECT_EQ(h.err.str(), "syntax error, token expected\n");
}

TEST(Session, GrammarUsageErrors) {
    Harness h;
    EXPECT_EQ(h.run("add\n"), 1);
    EXPECT_EQ(h.err.str().rfind("usage:\nadd <resource-type>\n\t(global scope)\n"
                                "add <property-name> <property-value>\n\t(resource scope)\n\n"
                                "<resource type> := fs | inherit-pkg-dir | net",
                                0),
              0u);
    h.open("web", Mode::Args);
    EXPECT_EQ(h.run("select fs\n"), 1);
    EXPECT_EQ(h.err.str(), "usage:\nselect <resource-type> { <property-name>=<property-value> }\n");
}

TEST(Session, InteractiveGoesOnAfterErrors) {
    Harness h("web", Mode::Interactive);
    h.feed("create\nset autoboot=maybe\nset zonepath=/z\n");
    EXPECT_FALSE(h.session->done());
    EXPECT_EQ(h.session->finish(), 1);   // committed, but an error was seen
    EXPECT_EQ(h.zone("web").zonepath, "/z");
}

TEST(Session, Rename) {
    Harness h;
    // Before create, `set zonename` only changes which zone is configured.
    EXPECT_EQ(h.run("set zonename=other; create; set zonepath=/o\n"), 0);
    EXPECT_TRUE(h.backend.zones.count("other"));
    h.open("other", Mode::Args);
    EXPECT_EQ(h.run("set zonename=renamed\n"), 0);
    EXPECT_EQ(h.backend.zones.count("other"), 0u);
    EXPECT_EQ(h.zone("renamed").name, "renamed");
    EXPECT_EQ(h.session->prompt(), "zonecfg:renamed> ");
}

TEST(Session, RenameRefused) {
    Harness h;
    ASSERT_EQ(h.run("create; set zonepath=/a\n"), 0);
    h.open("b", Mode::Args);
    ASSERT_EQ(h.run("create; set zonepath=/b\n"), 0);
    h.open("b", Mode::Args);
    EXPECT_EQ(h.run("set zonename=web\n"), 1);
    EXPECT_EQ(h.err.str(), "web: Zone name already in use\n");
    h.open("b", Mode::Args);
    EXPECT_EQ(h.run("set zonename=\"bad name\"\n"), 1);
    EXPECT_EQ(h.err.str().rfind("bad name: Bogus zone name\n\n<zone> := [A-Za-z0-9]", 0), 0u);
    h.backend.states["b"] = ZoneState::Running;
    h.open("b", Mode::Args);
    EXPECT_EQ(h.run("set zonename=c\n"), 1);
    EXPECT_EQ(h.err.str(), "c: Zone state is invalid for the requested operation\n");
}

TEST(Session, Delete) {
    Harness h;
    ASSERT_EQ(h.run("create; set zonepath=/a\n"), 0);
    h.open("web", Mode::Args);
    EXPECT_EQ(h.run("delete\n"), 1);
    EXPECT_EQ(h.questions, "Are you sure you want to delete zone web\n");
    EXPECT_EQ(h.err.str(), "Input not from terminal and -F not specified:\n"
                           "delete command ignored, exiting.\n");
    EXPECT_TRUE(h.backend.zones.count("web"));

    h.open("web", Mode::Args);
    h.answers = {false};
    EXPECT_EQ(h.run("delete\n"), 0);
    EXPECT_TRUE(h.backend.zones.count("web"));
    h.open("web", Mode::Args);
    h.answers = {true};
    EXPECT_EQ(h.run("delete\n"), 0);
    EXPECT_FALSE(h.backend.zones.count("web"));

    h.open("web", Mode::Args);
    EXPECT_EQ(h.run("delete -F\n"), 1);
    EXPECT_EQ(h.err.str(), "web: No such zone configured\n");
}

TEST(Session, DeleteInstalledZone) {
    Harness h;
    ASSERT_EQ(h.run("create; set zonepath=/a\n"), 0);
    h.backend.states["web"] = ZoneState::Installed;
    h.open("web", Mode::Args);
    h.answers = {true};
    EXPECT_EQ(h.run("delete\n"), 1);
    EXPECT_EQ(h.err.str(), "Zone web not in configured state; delete not allowed.  "
                           "Use -F to force delete.\n");
    h.open("web", Mode::Args);
    EXPECT_EQ(h.run("delete -F\n"), 0);
    EXPECT_FALSE(h.backend.zones.count("web"));
}

TEST(Session, DeleteThenCreateAgain) {
    Harness h("web", Mode::Interactive);
    h.feed("create; set zonepath=/a; commit; delete -F; create -b; set zonepath=/b\n");
    EXPECT_EQ(h.session->finish(), 0) << h.err.str();
    EXPECT_EQ(h.zone("web").zonepath, "/b");
    EXPECT_EQ(h.zone("web").brand, "whole");
}

TEST(Session, Revert) {
    Harness h;
    ASSERT_EQ(h.run("create; set zonepath=/a\n"), 0);
    h.open("web", Mode::Args);
    EXPECT_EQ(h.run("set zonepath=/b; revert -F; info zonepath\n"), 0);
    EXPECT_EQ(h.out.str(), "zonepath: /a\n");
    EXPECT_EQ(h.backend.commits, 1);

    h.open("web", Mode::Args);
    EXPECT_EQ(h.run("set zonepath=/b; revert\n"), 1);
    EXPECT_EQ(h.questions, "Are you sure you want to revert\n");
    EXPECT_EQ(h.err.str(), "Input not from terminal and -F not specified:\n"
                           "revert command ignored, exiting.\n");
    EXPECT_EQ(h.zone("web").zonepath, "/a");

    h.open("web", Mode::Args);
    EXPECT_EQ(h.run("add net; revert -F\n"), 1);
    EXPECT_EQ(h.err.str(), "You can only use revert in the global scope.\n"
                           "Use 'cancel' to cancel changes to a resource specification.\n");

    h.open("new", Mode::Args);
    EXPECT_EQ(h.run("revert -F\n"), 1);
    EXPECT_EQ(h.err.str(), "No changes to revert.\n");
    h.open("new", Mode::Args);
    EXPECT_EQ(h.run("create; revert -F\n"), 1);
    EXPECT_EQ(h.err.str(), "new: no such saved zone to revert to.\n");
}

TEST(Session, ExitInsideAResource) {
    Harness h;
    EXPECT_EQ(h.run("create; set zonepath=/z; add fs; exit\n"), 1);
    EXPECT_EQ(h.questions, "Resource incomplete; really quit\n");
    EXPECT_EQ(h.err.str(), "Resource incomplete, input not from terminal and -F not specified:\n"
                           "exit command ignored, but exiting anyway.\n");
    EXPECT_TRUE(h.backend.zones.empty());

    h.open("web", Mode::Args);
    EXPECT_EQ(h.run("create; set zonepath=/z; add fs; exit -F\n"), 1);
    EXPECT_EQ(h.err.str(), "resource specification incomplete\nZone web failed to verify\n"
                           "web: Insufficient specification\nConfiguration not saved.\n");
}

TEST(Session, InputEndsInsideAResource) {
    Harness h("inc", Mode::Args);
    EXPECT_EQ(h.run("create; set zonepath=/zones/inc; add fs; set dir=/x\n"), 1);
    EXPECT_EQ(h.err.str(), "resource specification incomplete\nZone inc failed to verify\n"
                           "inc: Insufficient specification\nConfiguration not saved.\n");
    EXPECT_TRUE(h.backend.zones.empty());

    ASSERT_EQ(Harness().run("create; set zonepath=/z\n"), 0);
    Harness clean;
    ASSERT_EQ(clean.run("create; set zonepath=/z\n"), 0);
    clean.open("web", Mode::Args);
    EXPECT_EQ(clean.run("add fs\n"), 1);
    EXPECT_EQ(clean.err.str(), "Resource incomplete.\n");
}

TEST(Session, InteractiveEndQuestions) {
    Harness h("web", Mode::Interactive);
    h.feed("create; set zonepath=/z; add fs\n");
    h.answers = {false};
    EXPECT_EQ(h.session->finish(), std::nullopt);   // keep going
    EXPECT_EQ(h.questions, "Resource incomplete; really quit\n");
    h.feed("cancel; clear zonepath\n");
    h.feed("create -F -b\n");   // no zonepath now: the commit fails
    h.answers = {false};
    EXPECT_EQ(h.session->finish(), std::nullopt);
    EXPECT_FALSE(h.session->done());
    h.answers = {true};
    EXPECT_EQ(h.session->finish(), 1);
}

TEST(Session, Verify) {
    Harness h;
    EXPECT_EQ(h.run("create; set zonepath=/z; verify\n"), 0);
    EXPECT_EQ(h.err.str(), "");
    h.open("web", Mode::Interactive);
    h.feed("add net; verify\n");
    EXPECT_EQ(h.err.str(), "resource specification incomplete\nweb: Insufficient specification\n");
}

TEST(Session, ScopeMessages) {
    Harness h("web", Mode::Interactive);
    h.feed("create\nend\ncancel\nadd fs\nselect fs dir=/x\n");
    EXPECT_EQ(h.err.str(), "The end command only makes sense in the resource scope.\n"
                           "The cancel command only makes sense in the resource scope.\n"
                           "The select command only makes sense in the global scope.\n");
}

TEST(Session, Help) {
    Harness h("web", Mode::Interactive);
    h.feed("help\n");
    std::string all = h.take_out();
    EXPECT_EQ(all.rfind("Commands:\n\nadd <resource-type>\n\t(global scope)\n", 0), 0u);
    EXPECT_NE(all.find("verify\n\tVerifies current configuration for correctness"),
              std::string::npos);
    h.feed("help set\n");
    EXPECT_EQ(h.take_out().rfind("usage:\nset <property-name>=<property-value>\n"
                                 "\tSets property values.\n\nFor resource type ... there are "
                                 "property types ...:\n\t(global)\tzonename\n",
                                 0),
              0u);
    h.feed("? usage\n");
    EXPECT_EQ(h.take_out().rfind("usage:\tzonecfg help\n\tzonecfg -z <zone>\t\t\t(interactive)\n", 0),
              0u);
    h.feed("help syntax\n");
    EXPECT_EQ(h.take_out().rfind("<zone> := [A-Za-z0-9][A-Za-z0-9_.-]*\n", 0), 0u);
    h.feed("help foo\n");
    EXPECT_EQ(h.take_err().rfind("Unknown help subject foo.  More help is available for the "
                                 "following:\n\n\tcommands ('help commands')\n",
                                 0),
              0u);
    h.feed("create; add net; help\n");
    std::string scope = h.take_out();
    EXPECT_EQ(scope.rfind("The 'net' resource scope is used to configure a network interface.\n"
                          "Valid commands:\n",
                          0),
              0u);
    EXPECT_NE(scope.find("And from any resource scope, you can:\n\tend\t(to conclude this "
                         "operation)\n"),
              std::string::npos);
}

TEST(Session, ExportToFile) {
    Harness h;
    std::string file = ::testing::TempDir() + "zonecfg-export-test.cfg";
    EXPECT_EQ(h.run("create; set zonepath=/z; export -f " + file + "\n"), 0);
    EXPECT_EQ(h.out.str(), "");
    h.open("web", Mode::Args);
    EXPECT_EQ(h.run("export -f /nonexistent/dir/x\n"), 1);
    EXPECT_EQ(h.err.str(), "opening file /nonexistent/dir/x: No such file or directory\n");
}

TEST(Session, ExportRefusesInexpressibleValues) {
    Harness h;
    ZoneConfig c = h.backend.templates["SUNWblank"];
    c.name = "web";
    c.zonepath = "/z";
    c.bootargs = "say \"hi\"";
    h.backend.zones["web"] = c;
    EXPECT_EQ(h.run("export\n"), 1);
    EXPECT_EQ(h.out.str(), "");
    EXPECT_EQ(h.err.str(), "cannot export: the bootargs value contains '\"', a control "
                           "character or a non-ASCII byte, which zonecfg commands cannot "
                           "express.\n");
}

TEST(Session, BackendErrorsArePrinted) {
    struct Broken : MemoryBackend {
        std::optional<ZoneConfig> load(const std::string&) override {
            throw ZoneError(ErrorKind::Damaged, "/etc/zones/web.xml: invalid zone XML: oops");
        }
    } b;
    std::ostringstream out, err;
    Session s(b, "web", SessionOptions{false, "", true}, out, err);
    s.run("info\n");
    EXPECT_EQ(s.finish(), 1);
    EXPECT_EQ(err.str(), "/etc/zones/web.xml: invalid zone XML: oops\n");
}

TEST(Session, ZoneNameSyntax) {
    EXPECT_TRUE(zone_name_syntax_ok("web"));
    EXPECT_TRUE(zone_name_syntax_ok("global"));
    EXPECT_TRUE(zone_name_syntax_ok("SUNWdefault"));
    EXPECT_FALSE(zone_name_syntax_ok("../etc"));
    EXPECT_FALSE(zone_name_syntax_ok(""));
    EXPECT_FALSE(zone_name_syntax_ok("-x"));
}

}  // namespace
}  // namespace zones::zonecfg::test
