// The zonecfg grammar (illumos zonecfg_grammar.y) over the lexer's tokens:
// text in, one item per command out, each a command, a syntax error or a
// usage error the grammar itself detects (e.g. a bare `add`).
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zones::zonecfg {

// In the order of upstream's help table (help and usage text follow it).
enum class Cmd {
    Add, Cancel, Clear, Commit, Create, Delete, End, Exit, Export, Help,
    Info, Remove, Revert, Select, Set, Verify,
};
inline constexpr int kCmdCount = 16;
std::string_view cmd_name(Cmd c);

struct Pair {                      // one name=value of a complex value
    std::string name;              // a property keyword
    std::string value;
    bool operator==(const Pair&) const = default;
};

struct ListItem {
    bool complex = false;
    std::string simple;
    std::vector<Pair> pairs;
    bool operator==(const ListItem&) const = default;
};

struct Value {
    enum class Kind { Simple, Complex, List };
    Kind kind = Kind::Simple;
    std::string simple;
    std::vector<Pair> pairs;       // Complex
    std::vector<ListItem> list;    // List (may be empty only for `set p=[]`)
    bool operator==(const Value&) const = default;
};

struct Property {
    std::string name;              // a property keyword
    Value value;
    bool operator==(const Property&) const = default;
};

struct Command {
    Cmd cmd = Cmd::Help;
    int line = 1;
    std::vector<std::string> args;   // the free tokens: -F, -b, -t NAME, help topic
    std::string resource;            // add/select/remove/info: a resource type
    std::string property;            // clear PROP, info PROP (global property)
    // select/remove/info RES p=v..., set p=v, and add/remove in resource
    // scope (`add options ro`) where `pairs_form` is false.
    std::vector<Property> props;
    bool pairs_form = true;
    bool operator==(const Command&) const = default;
};

// "syntax error at 'X'" (in -f mode "syntax error on line N at 'X'"), or
// "syntax error, token expected" when the input ends inside a command.
struct SyntaxError {
    int line = 1;
    std::string near;
    bool at_end = false;
    bool operator==(const SyntaxError&) const = default;
};

// A command the grammar rejects with that command's usage, e.g. `add`,
// `select fs`, `info foo`; `help_flags` is the extra help upstream prints.
struct UsageError {
    int line = 1;
    Cmd cmd = Cmd::Help;
    unsigned help_flags = 0;
    bool operator==(const UsageError&) const = default;
};

using Item = std::variant<Command, SyntaxError, UsageError>;

// A command complete at the end of input needs no terminator (upstream
// silently drops it). Never throws; every input yields some items.
std::vector<Item> parse(std::string_view text, int first_line = 1);

}  // namespace zones::zonecfg
