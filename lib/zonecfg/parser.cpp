#include "zonecfg/parser.hpp"

#include <array>
#include <optional>

#include "zonecfg/help.hpp"
#include "zonecfg/lexer.hpp"

namespace zones::zonecfg {
namespace {

constexpr std::array<std::string_view, kCmdCount> kCmdNames = {
    "add", "cancel", "clear", "commit", "create", "delete", "end", "exit",
    "export", "help", "info", "remove", "revert", "select", "set", "verify"};

std::optional<Cmd> cmd_from_word(std::string_view w) {
    if (w == "?")
        return Cmd::Help;
    for (int i = 0; i < kCmdCount; ++i)
        if (kCmdNames[i] == w)
            return static_cast<Cmd>(i);
    return std::nullopt;
}

// Global properties `info` accepts by name (the INFO <keyword> rules).
bool info_property(std::string_view w) {
    static constexpr std::array<std::string_view, 18> k = {
        "zonename", "zonepath", "brand", "autoboot", "ip-type", "pool", "limitpriv",
        "bootargs", "scheduling-class", "cpu-shares", "max-lwps", "max-processes",
        "max-shm-memory", "max-shm-ids", "max-msg-ids", "max-sem-ids", "hostid",
        "fs-allowed"};
    for (auto p : k)
        if (p == w)
            return true;
    return false;
}

// Resources `select` takes without a property filter (one instance at most).
bool singleton_resource(std::string_view r) {
    return r == "dedicated-cpu" || r == "capped-cpu" || r == "capped-memory" ||
           r == "security-flags";
}

// Thrown inside one command; the parser recovers at the next terminator.
struct Failure {
    Item item;
};

class Parser {
public:
    explicit Parser(std::vector<Token> toks) : t_(std::move(toks)) {}

    std::vector<Item> run() {
        std::vector<Item> out;
        while (peek().kind != Tok::End) {
            if (is_terminator(peek())) {
                ++i_;
                continue;
            }
            std::size_t start = i_;
            try {
                out.push_back(command());
            } catch (const Failure& f) {
                out.push_back(f.item);
                recover();
            }
            if (i_ == start)   // never loop without progress
                ++i_;
        }
        return out;
    }

private:
    const Token& peek(std::size_t ahead = 0) const {
        std::size_t j = i_ + ahead;
        return j < t_.size() ? t_[j] : t_.back();
    }
    const Token& take() {
        const Token& t = peek();
        if (i_ < t_.size() - 1)
            ++i_;
        return t;
    }
    static bool is_terminator(const Token& t) {
        return t.kind == Tok::Newline || t.kind == Tok::Semicolon;
    }
    bool at_end_of_command() const {
        return is_terminator(peek()) || peek().kind == Tok::End;
    }
    bool is_property() const {
        return peek().kind == Tok::Keyword && is_property_keyword(peek().text);
    }
    bool is_resource() const {
        return peek().kind == Tok::Keyword && is_resource_keyword(peek().text);
    }

    [[noreturn]] void syntax_error() const {
        const Token& t = peek();
        throw Failure{SyntaxError{t.line, t.spelling(), t.kind == Tok::End}};
    }
    [[noreturn]] void usage_error(Cmd c, unsigned flags) const {
        throw Failure{UsageError{line_, c, flags}};
    }

    // Skip the rest of a failed command, terminator included.
    void recover() {
        while (peek().kind != Tok::End && !is_terminator(peek()))
            ++i_;
        if (is_terminator(peek()))
            ++i_;
    }

    void expect_end() {
        if (is_terminator(peek())) {
            ++i_;
            return;
        }
        if (peek().kind != Tok::End)
            syntax_error();
    }

    Item command() {
        const Token& word = peek();
        if (word.kind != Tok::Command)
            syntax_error();
        take();
        Command c;
        c.cmd = *cmd_from_word(word.text);
        c.line = line_ = word.line;
        switch (c.cmd) {
        case Cmd::Add: add(c); break;
        case Cmd::Create: tokens(c, 3); break;
        case Cmd::Export: tokens(c, 4); break;   // [-o json] [-f file]
        case Cmd::Info: info(c); break;
        case Cmd::Remove: remove(c); break;
        case Cmd::Select: select(c); break;
        case Cmd::Set: set(c); break;
        case Cmd::Clear: clear(c); break;
        default: tokens(c, 1); break;
        }
        expect_end();
        return c;
    }

    void tokens(Command& c, std::size_t max) {
        while (c.args.size() < max && peek().kind == Tok::Token)
            c.args.push_back(take().text);
    }

    void add(Command& c) {
        if (peek().kind == Tok::Token) {
            c.args.push_back(take().text);
        } else if (is_resource()) {
            c.resource = take().text;
        } else if (is_property()) {
            std::string name = take().text;
            c.props.push_back({name, value()});
            c.pairs_form = false;
        } else {
            usage_error(Cmd::Add, kHelpResProps);   // yacc's default reduction
        }
    }

    void info(Command& c) {
        // `info -o json ...`: options first, as export takes them.
        while (peek().kind == Tok::Token && c.args.size() < 2 &&
               (!c.args.empty() || peek().text.starts_with("-")))
            c.args.push_back(take().text);
        if (peek().kind == Tok::Token) {
            take();
            usage_error(Cmd::Info, kHelpResProps);
        }
        if (is_resource()) {
            c.resource = take().text;
            pairs(c);
        } else if (peek().kind == Tok::Keyword && info_property(peek().text)) {
            c.property = take().text;
        }
    }

    void remove(Command& c) {
        if (peek().kind == Tok::Token) {
            c.args.push_back(take().text);
            if (!is_resource())
                usage_error(Cmd::Remove, kHelpResProps);
        }
        if (is_resource()) {
            c.resource = take().text;
            pairs(c);
        } else if (is_property()) {
            std::string name = take().text;
            c.props.push_back({name, value()});
            c.pairs_form = false;
        } else {
            usage_error(Cmd::Remove, kHelpResProps);
        }
    }

    void select(Command& c) {
        if (!is_resource())
            usage_error(Cmd::Select, kHelpResProps);
        c.resource = take().text;
        pairs(c);
        if (c.props.empty() && !singleton_resource(c.resource))
            usage_error(Cmd::Select, 0);
    }

    void set(Command& c) {
        if (peek().kind == Tok::Token) {
            c.args.push_back(take().text);
            if (!(peek().kind == Tok::Keyword && peek().text == "zonepath"))
                syntax_error();
        } else if (!is_property()) {
            usage_error(Cmd::Set, kHelpProps);
        }
        std::string name = take().text;
        if (peek().kind != Tok::Equal)
            syntax_error();
        take();
        if (c.args.empty() && peek().kind == Tok::LBracket && peek(1).kind == Tok::RBracket) {
            take();
            take();
            Value v;
            v.kind = Value::Kind::List;
            c.props.push_back({name, v});
            return;
        }
        c.props.push_back({name, value()});
    }

    void clear(Command& c) {
        if (!is_property())
            usage_error(Cmd::Clear, kHelpProps);
        c.property = take().text;
    }

    // { property-name = property-value }
    void pairs(Command& c) {
        while (is_property()) {
            std::string name = take().text;
            if (peek().kind != Tok::Equal)
                syntax_error();
            take();
            c.props.push_back({name, value()});
        }
    }

    // simple | (complex) | [list]
    Value value() {
        Value v;
        if (peek().kind == Tok::LParen) {
            v.kind = Value::Kind::Complex;
            v.pairs = complex();
        } else if (peek().kind == Tok::LBracket) {
            take();
            v.kind = Value::Kind::List;
            for (;;) {
                ListItem item;
                if (peek().kind == Tok::LParen) {
                    item.complex = true;
                    item.pairs = complex();
                } else {
                    item.simple = simple();
                }
                v.list.push_back(std::move(item));
                if (peek().kind == Tok::Comma) {
                    take();
                    continue;
                }
                if (peek().kind != Tok::RBracket)
                    syntax_error();
                take();
                break;
            }
        } else {
            v.simple = simple();
        }
        return v;
    }

    // TOKEN, or a keyword standing for its own spelling.
    std::string simple() {
        if (peek().kind != Tok::Token && peek().kind != Tok::Keyword)
            syntax_error();
        return take().text;
    }

    std::vector<Pair> complex() {
        take();   // (
        std::vector<Pair> out;
        for (;;) {
            if (!is_property())
                syntax_error();
            std::string name = take().text;
            if (peek().kind != Tok::Equal)
                syntax_error();
            take();
            out.push_back({name, simple()});
            if (peek().kind == Tok::Comma) {
                take();
                continue;
            }
            if (peek().kind != Tok::RParen)
                syntax_error();
            take();
            return out;
        }
    }

    std::vector<Token> t_;
    std::size_t i_ = 0;
    int line_ = 1;
};

}  // namespace

std::string_view cmd_name(Cmd c) {
    return kCmdNames[static_cast<std::size_t>(c)];
}

std::vector<Item> parse(std::string_view text, int first_line) {
    return Parser(lex(text, first_line)).run();
}

}  // namespace zones::zonecfg
