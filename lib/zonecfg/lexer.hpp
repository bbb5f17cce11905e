// The zonecfg lexer: the token rules of illumos zonecfg_lex.l.
//
// A command word is recognised only where a command is expected (start of
// input, after `;` or a newline); `#` starts a comment only there too. After
// the command word, resource and property names are keywords (inside `(...)`
// only property names are), plain tokens are runs of anything but blanks and
// `";=[]()` (commas end a token only inside `[...]` and `(...)`), and a double
// quote starts a token that runs to the next double quote. There are no
// escapes: a quoted token cannot contain `"` or a newline. Input is US-ASCII
// (zonecfg(8) NOTES): any other byte, or a control character other than tab
// and newline, is a stray character and so a syntax error. Deviations from
// upstream, all on inputs upstream mishandles: an unterminated quote is a
// stray `"` (upstream swallows the newline), and "\r\n" counts as a newline.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zones::zonecfg {

enum class Tok {
    Command,    // add, set, ..., `?` (text is the spelling)
    Keyword,    // a resource type or property name
    Token,      // a plain or quoted value
    Equal,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Comma,
    Semicolon,
    Newline,
    Char,       // any other single character (always a syntax error)
    End,        // end of input
};

struct Token {
    Tok kind = Tok::End;
    std::string text;     // the value for Token (without quotes), else the spelling
    int line = 1;
    bool quoted = false;  // Token only; spelling() adds the quotes back
    std::string spelling() const;   // as typed, for "syntax error at '...'"
};

// Always ends with one End token. Never fails: anything unexpected is a Char.
std::vector<Token> lex(std::string_view input, int first_line = 1);

bool is_resource_keyword(std::string_view word);
bool is_property_keyword(std::string_view word);

}  // namespace zones::zonecfg
