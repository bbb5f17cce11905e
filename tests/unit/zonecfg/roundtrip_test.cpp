// Property: for random valid configurations whose values are full of
// blanks, = ; , [ ] ( ) #, keywords and empty strings, export fed to a
// fresh session rebuilds the same configuration (but for the name).
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "harness.hpp"
#include "random_config.hpp"
#include "zonecfg/json.hpp"
#include "zonecfg/export.hpp"

namespace zones::zonecfg::test {
namespace {

TEST(RoundTrip, ExportRebuildsTheConfiguration) {
    Gen g(20251125);
    for (int i = 0; i < 2000; ++i) {
        ZoneConfig orig = random_config(g);
        std::string why;
        std::optional<std::string> text = export_config(orig, &why);
        ASSERT_TRUE(text) << why;

        MemoryBackend b;
        std::ostringstream out, err;
        Session s(b, "copy", SessionOptions{false, "export", true}, out, err);
        s.run(*text);
        ASSERT_EQ(err.str(), "") << "case " << i << ":\n" << *text;
        ASSERT_NE(s.config(), nullptr);
        ZoneConfig copy = *s.config();
        copy.name = orig.name;
        ASSERT_EQ(copy, orig) << "case " << i << ":\n" << *text;
    }
}

// `export -o json` read back as `zonecfg -z copy -f file.json` reads it:
// the JSON parsed, turned into commands, run by a session.
TEST(RoundTrip, JsonExportRebuildsTheConfiguration) {
    Gen g(20261206);
    for (int i = 0; i < 2000; ++i) {
        ZoneConfig orig = random_config(g);
        MemoryBackend b;
        b.zones["orig"] = orig;
        std::ostringstream out, err;
        Session exporter(b, "orig", SessionOptions{false, "", true}, out, err);
        exporter.run("export -o json\n");
        ASSERT_EQ(err.str(), "") << "case " << i;
        const std::string json = out.str();

        std::string why;
        std::optional<ZoneConfig> parsed = config_from_json(json, "copy", &why);
        ASSERT_TRUE(parsed) << "case " << i << ": " << why << "\n" << json;
        std::optional<std::string> text = export_changes(nullptr, *parsed, &why);
        ASSERT_TRUE(text) << why;
        std::ostringstream out2, err2;
        Session s(b, "copy", SessionOptions{false, "", true}, out2, err2);
        s.run(*text);
        ASSERT_EQ(err2.str(), "") << "case " << i << ":\n" << *text;
        ASSERT_NE(s.config(), nullptr);
        ZoneConfig copy = *s.config();
        copy.name = orig.name;
        ASSERT_EQ(copy, orig) << "case " << i << ":\n" << json;
    }
}

// A JSON document applied to an existing zone: only what differs is
// changed, and the zone ends up exactly as the document says.
TEST(RoundTrip, JsonAppliedToAnExistingZone) {
    Gen g(7);
    for (int i = 0; i < 2000; ++i) {
        ZoneConfig before = random_config(g), after = random_config(g);
        before.name = after.name = "z";
        MemoryBackend b;
        b.zones["z"] = before;
        std::string why;
        std::optional<ZoneConfig> parsed =
            config_from_json(dump(config_to_json(after, true)), "z", &why);
        ASSERT_TRUE(parsed) << why;
        ASSERT_EQ(*parsed, after);
        std::optional<std::string> text = export_changes(&b.zones.at("z"), *parsed, &why);
        ASSERT_TRUE(text) << why;
        std::ostringstream out, err;
        Session s(b, "z", SessionOptions{false, "", true}, out, err);
        s.run(*text);
        ASSERT_EQ(err.str(), "") << "case " << i << ":\n" << *text;
        ASSERT_NE(s.config(), nullptr);
        ASSERT_EQ(*s.config(), after) << "case " << i << ":\n" << *text;
        // Nothing to change: no commands.
        EXPECT_EQ(export_changes(&after, after, &why).value_or("?"), "");
    }
}

TEST(Json, StrictReading) {
    std::string why;
    EXPECT_FALSE(config_from_json("{\"zonepath\": 1}", "z", &why));
    EXPECT_EQ(why, "zonepath: a string was expected");
    EXPECT_FALSE(config_from_json("{\"net\": [{\"adress\": \"x\"}]}", "z", &why));
    EXPECT_EQ(why, "net[0]: unknown property 'adress'");
    EXPECT_FALSE(config_from_json("{\"zonename\": \"a\"}", "z", &why));
    EXPECT_EQ(why, "zonename 'a' does not match zone 'z'");
    EXPECT_FALSE(config_from_json("{\"autoboot\": \"yes\"}", "z", &why));
    EXPECT_EQ(why, "autoboot: true or false was expected");
    EXPECT_FALSE(config_from_json("{\"bogus\": 1}", "z", &why));
    EXPECT_EQ(why, "unknown property 'bogus'");
    EXPECT_FALSE(config_from_json("{\"fs\": {}}", "z", &why));
    EXPECT_EQ(why, "fs: an array was expected");
    EXPECT_FALSE(config_from_json("{ nope", "z", &why));
    EXPECT_EQ(why, "not a valid JSON document");
    auto c = config_from_json(R"({"capped-memory": {"physical": "512M"},
        "rctl": [{"name": "zone.max-lwps", "value": [{"priv": "privileged", "limit": 2000, "action": "deny"}]}]})",
                              "z", &why);
    ASSERT_TRUE(c) << why;
    EXPECT_EQ(c->mcap_physical, std::uint64_t(512) << 20);
    EXPECT_EQ(c->rctls.at(0).values.at(0).limit, "2000");
}

TEST(Json, InfoSelections) {
    Harness h;
    ASSERT_EQ(h.run("create; set zonepath=/z/web; add net; set physical=br0; set address=198.18.0.2/24; end; "
                    "add net; set physical=br1; set address=198.18.0.3/24; end; set max-lwps=300; add capped-memory; set physical=1G; set swap=2G; end"), 0) << h.take_err();
    h.open("web", Mode::Args);
    h.feed("info -o json net physical=br1\n");
    EXPECT_EQ(h.take_err(), "");
    auto j = nlohmann::json::parse(h.take_out());
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j[0]["physical"], "br1");
    h.feed("info -o json max-lwps\n");
    EXPECT_EQ(nlohmann::json::parse(h.take_out())["max-lwps"], 300);
    h.feed("info -o json capped-memory\n");
    j = nlohmann::json::parse(h.take_out());
    EXPECT_EQ(j[0]["physical"], 1ull << 30);
    EXPECT_EQ(j[0]["swap"], 2ull << 30);
    h.feed("info -o json\n");
    j = nlohmann::json::parse(h.take_out());
    EXPECT_EQ(j["zonename"], "web");
    EXPECT_EQ(j["zonepath"], "/z/web");
    h.feed("info -o xml\n");
    EXPECT_EQ(h.take_err(), "info: unknown output format 'xml' (the only one is 'json')\n");
    h.open("web", Mode::Args);   // the error above ended that session
    h.feed("export -o json -f\n");
    EXPECT_NE((h.take_out() + h.take_err()).find("usage:\nexport [-o json] [-f output-file]"), std::string::npos);
}

TEST(RoundTrip, QuotingRule) {
    EXPECT_EQ(quote("plain/path-1.2"), "plain/path-1.2");
    EXPECT_EQ(quote(""), "\"\"");
    for (std::string s : {"a b", "a\tb", "a=b", "a;b", "a,b", "a[b", "a]b", "a(b", "a)b", "#a", "a\rb"})
        EXPECT_EQ(quote(s), "\"" + s + "\"") << s;
    EXPECT_FALSE(exportable("a\"b"));
    EXPECT_FALSE(exportable("a\nb"));
    EXPECT_FALSE(exportable("a\rb"));
    EXPECT_FALSE(exportable("caf\xc3\xa9"));
    EXPECT_TRUE(exportable("a\tb"));
}

}  // namespace
}  // namespace zones::zonecfg::test
