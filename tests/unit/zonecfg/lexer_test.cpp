#include <gtest/gtest.h>

#include "zonecfg/lexer.hpp"

namespace zones::zonecfg {
namespace {

// "kind:text" per token, End omitted.
std::string show(std::string_view in) {
    std::string s;
    for (const auto& t : lex(in)) {
        const char* k = "";
        switch (t.kind) {
        case Tok::Command: k = "C"; break;
        case Tok::Keyword: k = "K"; break;
        case Tok::Token: k = t.quoted ? "Q" : "T"; break;
        case Tok::Equal: k = "="; break;
        case Tok::LBracket: k = "["; break;
        case Tok::RBracket: k = "]"; break;
        case Tok::LParen: k = "("; break;
        case Tok::RParen: k = ")"; break;
        case Tok::Comma: k = ","; break;
        case Tok::Semicolon: k = ";"; break;
        case Tok::Newline: k = "NL"; break;
        case Tok::Char: k = "?"; break;
        case Tok::End: continue;
        }
        if (!s.empty())
            s += ' ';
        s += k;
        if (t.kind == Tok::Command || t.kind == Tok::Keyword || t.kind == Tok::Token ||
            t.kind == Tok::Char)
            s += ":" + t.text;
    }
    return s;
}

TEST(Lexer, CommandsKeywordsAndTokens) {
    EXPECT_EQ(show("set zonepath=/zones/web\n"), "C:set K:zonepath = T:/zones/web NL");
    EXPECT_EQ(show("add net"), "C:add K:net");
    EXPECT_EQ(show("?"), "C:?");
    EXPECT_EQ(show("help"), "C:help");
}

TEST(Lexer, BlanksAroundEqualAreIgnored) {
    EXPECT_EQ(show("set\tdir = /x"), "C:set K:dir = T:/x");
}

TEST(Lexer, CommasAreOrdinaryInPlainValues) {
    EXPECT_EQ(show("set limitpriv=default,sys_time"), "C:set K:limitpriv = T:default,sys_time");
}

TEST(Lexer, ListsSplitOnCommas) {
    EXPECT_EQ(show("add options [ro,nodevices]"), "C:add K:options [ T:ro , T:nodevices ]");
    // No keywords inside a list.
    EXPECT_EQ(show("add options [net]"), "C:add K:options [ T:net ]");
}

TEST(Lexer, ComplexValues) {
    EXPECT_EQ(show("add value (priv=privileged,limit=5,action=none)"),
              "C:add K:value ( K:priv = T:privileged , K:limit = T:5 , K:action = T:none )");
    // Brackets are ordinary inside (...); quotes work there too.
    EXPECT_EQ(show("add value (name=a[1],value=\"x y\")"),
              "C:add K:value ( K:name = T:a[1] , K:value = Q:x y )");
    // A list of complex values returns to the list state after ')'.
    EXPECT_EQ(show("set value=[(priv=a),(priv=b)]"),
              "C:set K:value = [ ( K:priv = T:a ) , ( K:priv = T:b ) ]");
}

TEST(Lexer, QuotedStrings) {
    EXPECT_EQ(show("set bootargs=\"-m verbose; x=1 [a] (b) #c\""),
              "C:set K:bootargs = Q:-m verbose; x=1 [a] (b) #c");
    EXPECT_EQ(show("set bootargs=\"\""), "C:set K:bootargs = Q:");
    // Quotes may join a keyword spelling without making it a keyword.
    EXPECT_EQ(show("set special=\"net\""), "C:set K:special = Q:net");
}

TEST(Lexer, UnterminatedQuoteIsAStrayCharacter) {
    EXPECT_EQ(show("set bootargs=\"abc\nset"), "C:set K:bootargs = ?:\" T:abc NL C:set");
    EXPECT_EQ(show("set bootargs=\"abc"), "C:set K:bootargs = ?:\" T:abc");
}

TEST(Lexer, KeywordOnlyWhenTheWholeRunSpellsIt) {
    EXPECT_EQ(show("set physical=net0"), "C:set K:physical = T:net0");
    EXPECT_EQ(show("set name=net"), "C:set K:name = K:net");
    // Resource types are not keywords inside (...), property names are.
    EXPECT_EQ(show("add value (priv=net)"), "C:add K:value ( K:priv = T:net )");
    EXPECT_EQ(show("add value (priv=name)"), "C:add K:value ( K:priv = K:name )");
}

TEST(Lexer, CommentOnlyWhereACommandIsExpected) {
    EXPECT_EQ(show("# a comment\nset dir=#x"), "NL C:set K:dir = T:#x");
    EXPECT_EQ(show("commit; # done"), "C:commit ;");
    EXPECT_EQ(show("set dir=/x # not a comment"), "C:set K:dir = T:/x T:# T:not T:a T:comment");
}

TEST(Lexer, SemicolonAndNewlineEndCommands) {
    EXPECT_EQ(show("add net;set physical=e0\nend"),
              "C:add K:net ; C:set K:physical = T:e0 NL C:end");
}

TEST(Lexer, CommandWordIsTheLongestPrefix) {
    // flex's longest match: "exitx" is `exit x`, "bogus" is the character b.
    EXPECT_EQ(show("exitx"), "C:exit T:x");
    EXPECT_EQ(show("export"), "C:export");
    // Outside a command every other character stands alone.
    EXPECT_EQ(show("bogus"), "?:b ?:o ?:g ?:u ?:s");
}

TEST(Lexer, StrayCharacters) {
    EXPECT_EQ(show("set dir)"), "C:set K:dir ?:)");
    EXPECT_EQ(show("set dir]"), "C:set K:dir ?:]");
    EXPECT_EQ(show("add options [a[b]"), "C:add K:options [ T:a ?:[ T:b ]");
    EXPECT_EQ(show("="), "?:=");
}

TEST(Lexer, CrLfIsANewline) {
    EXPECT_EQ(show("set dir=/x\r\nend\r\n"), "C:set K:dir = T:/x NL C:end NL");
    EXPECT_EQ(show("set dir=/x\ry"), "C:set K:dir = T:/x ?:\r T:y");
}

TEST(Lexer, OnlyUsAscii) {
    EXPECT_EQ(show("set value=caf\xc3\xa9"), "C:set K:value = T:caf ?:\xc3 ?:\xa9");
    EXPECT_EQ(show("set value=\"a\x01" "b\""), "C:set K:value = ?:\x01 T:b ?:\"");
    auto t = lex(std::string("set value=\0", 11));
    EXPECT_EQ(t[3].kind, Tok::Char);
    EXPECT_EQ(t[3].spelling(), "\\x00");
}

TEST(Lexer, LineNumbers) {
    auto t = lex("add net\n\nset physical=e0\n", 7);
    ASSERT_GE(t.size(), 6u);
    EXPECT_EQ(t[0].line, 7);
    EXPECT_EQ(t[2].kind, Tok::Newline);
    EXPECT_EQ(t[2].line, 7);
    EXPECT_EQ(t[4].line, 9);   // set
}

TEST(Lexer, SpellingForMessages) {
    auto t = lex("set a=\"x y\"\n");
    EXPECT_EQ(t[3].spelling(), "\"x y\"");
    EXPECT_EQ(t[4].spelling(), "\\n");
}

TEST(Lexer, NeverFailsOnBinary) {
    std::string junk = std::string("\0\xff\x01(\"[;", 8) + "\n)]=";
    auto t = lex(junk);
    EXPECT_EQ(t.back().kind, Tok::End);
}

}  // namespace
}  // namespace zones::zonecfg
