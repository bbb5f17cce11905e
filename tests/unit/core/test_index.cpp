// /etc/zones/index: format, comments kept, malformed lines rejected.
#include <gtest/gtest.h>

#include "scratch.hpp"
#include "zones/index_file.hpp"

using namespace zones;

namespace {

void expect_damaged(const std::string& text, const std::string& needle) {
    try {
        IndexFile::parse(text, "/etc/zones/index");
        ADD_FAILURE() << "parsed: " << text;
    } catch (const ZoneError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Damaged);
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
}

}  // namespace

TEST(IndexFormat, Entry) {
    EXPECT_EQ(format_index_entry({"web", ZoneState::Configured, "/zones/web", ""}), "web:configured:/zones/web:");
    EXPECT_EQ(format_index_entry({"web", ZoneState::Installed, "/zones/web", "4f1c9c7e-2d35-e35e-b1e9-9e0a4f4fe0b1"}),
              "web:installed:/zones/web:4f1c9c7e-2d35-e35e-b1e9-9e0a4f4fe0b1");
    EXPECT_EQ(format_index_entry({"c", ZoneState::Incomplete, "/zones/a:b", ""}), "c:incomplete:\"/zones/a:b\":");
    EXPECT_EQ(format_index_entry({"e", ZoneState::Configured, "", ""}), "e:configured::");
}

TEST(IndexFormat, RefusesWhatALineCannotHold) {
    EXPECT_THROW(format_index_entry({"a", ZoneState::Configured, "/a\nb", ""}), ZoneError);
    EXPECT_THROW(format_index_entry({"a", ZoneState::Configured, "/a\"b", ""}), ZoneError);
    EXPECT_THROW(format_index_entry({"a", ZoneState::Configured, "/a", "x:y"}), ZoneError);
    EXPECT_THROW(format_index_entry({"a", ZoneState::Configured, "/a", "u\n"}), ZoneError);
}

TEST(IndexFile, NewFileGolden) {
    IndexFile f;
    f.add({"web", ZoneState::Configured, "/zones/web", ""});
    f.add({"db", ZoneState::Installed, "/zones/a:b", "0123abcd-0000-0000-0000-000000000000"});
    EXPECT_EQ(f.text(), test::slurp(test::golden("index_new")));
}

TEST(IndexFile, EmptyIsHeaderAndGlobal) {
    IndexFile f;
    EXPECT_EQ(f.text(), std::string(kIndexHeader) + "global:installed:/\n");
    EXPECT_TRUE(f.entries().empty());
    ASSERT_NE(f.find("global"), nullptr);
    EXPECT_EQ(f.find("global")->zonepath, "/");
}

TEST(IndexFile, ParsesIllumosExample) {
    auto f = IndexFile::parse(
        "global:installed:/\n"
        "web:installed:/zones/web:4f1c9c7e-2d35-e35e-b1e9-9e0a4f4fe0b1\n"
        "test:configured:/zones/test:\n",
        "idx");
    auto e = f.entries();
    ASSERT_EQ(e.size(), 2u);
    EXPECT_EQ(e[0], (IndexEntry{"web", ZoneState::Installed, "/zones/web", "4f1c9c7e-2d35-e35e-b1e9-9e0a4f4fe0b1"}));
    EXPECT_EQ(e[1], (IndexEntry{"test", ZoneState::Configured, "/zones/test", ""}));
}

TEST(IndexFile, OldAndShortForms) {
    auto f = IndexFile::parse("a:configured\nb:installed:/b\nc:installed:\"/c:d\"\nd:incomplete:\"/e:f\":ab-12\n",
                              "idx");
    auto e = f.entries();
    ASSERT_EQ(e.size(), 4u);
    EXPECT_EQ(e[0], (IndexEntry{"a", ZoneState::Configured, "", ""}));
    EXPECT_EQ(e[1], (IndexEntry{"b", ZoneState::Installed, "/b", ""}));
    EXPECT_EQ(e[2], (IndexEntry{"c", ZoneState::Installed, "/c:d", ""}));
    EXPECT_EQ(e[3], (IndexEntry{"d", ZoneState::Incomplete, "/e:f", "ab-12"}));
}

TEST(IndexFile, UntouchedLinesAndCommentsKeptVerbatim) {
    std::string in = test::slurp(test::golden("index_comments_in"));
    auto f = IndexFile::parse(in, "idx");
    EXPECT_EQ(f.text(), in);
    IndexEntry web = *f.find("web");
    web.state = ZoneState::Installed;
    web.uuid = "4f1c9c7e-2d35-e35e-b1e9-9e0a4f4fe0b1";
    ASSERT_TRUE(f.replace("web", web));
    f.add({"new", ZoneState::Configured, "/zones/new", ""});
    ASSERT_TRUE(f.erase("old"));
    EXPECT_EQ(f.text(), test::slurp(test::golden("index_comments_out")));
}

TEST(IndexFile, GlobalLineRestored) {
    auto f = IndexFile::parse("# just a comment\n", "idx");
    f.add({"a", ZoneState::Configured, "/a", ""});
    EXPECT_EQ(f.text(), "# just a comment\nglobal:installed:/\na:configured:/a:\n");
    auto g = IndexFile::parse("# c\nb:configured:/b:\n", "idx");
    g.erase("nothing");
    EXPECT_FALSE(g.erase("nothing"));
    g.replace("b", {"c", ZoneState::Configured, "/c", ""});
    EXPECT_EQ(g.text(), "# c\nglobal:installed:/\nc:configured:/c:\n");
}

TEST(IndexFile, ReplaceRenames) {
    auto f = IndexFile::parse("global:installed:/\na:installed:/a:11\nb:configured:/b:\n", "idx");
    ASSERT_TRUE(f.replace("a", {"z", ZoneState::Installed, "/a", "11"}));
    EXPECT_EQ(f.text(), "global:installed:/\nz:installed:/a:11\nb:configured:/b:\n");
    EXPECT_FALSE(f.replace("a", {"y", ZoneState::Installed, "/a", ""}));
}

TEST(IndexFile, Malformed) {
    expect_damaged("global:installed:/\nweb\n", "/etc/zones/index: line 2: missing ':' separator");
    expect_damaged("web:running:/w:\n", "line 1: state 'running' cannot be stored");
    expect_damaged("web:bogus:/w:\n", "line 1: unknown zone state 'bogus'");
    expect_damaged("web::/w:\n", "unknown zone state ''");
    expect_damaged("../x:configured:/w:\n", "invalid zone name '../x'");
    expect_damaged("SUNWdefault:configured:/w:\n", "invalid zone name");
    expect_damaged(":configured:/w:\n", "invalid zone name ''");
    expect_damaged("a:configured:\"/w:\n", "unterminated quoted zonepath");
    expect_damaged("a:configured:\"/w\"x:\n", "junk after quoted zonepath");
    expect_damaged("a:configured:/w:u:v\n", "too many fields");
    expect_damaged("a:configured:/w:zz\n", "invalid uuid 'zz'");
    expect_damaged("a:configured:/w:\na:installed:/w:\n", "line 2: duplicate entry for zone 'a'");
    expect_damaged("# ok\n\n  \n", "line 3");
    expect_damaged("a:configured:/w:\r\n", "invalid uuid");
}

TEST(IndexFile, NoTrailingNewline) {
    auto f = IndexFile::parse("global:installed:/\na:configured:/a:", "idx");
    EXPECT_EQ(f.entries().size(), 1u);
    EXPECT_EQ(f.text(), "global:installed:/\na:configured:/a:\n");
}
