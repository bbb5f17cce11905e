#include "zonecfg/lexer.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace zones::zonecfg {
namespace {

constexpr std::array<std::string_view, 17> kCommands = {
    "add", "cancel", "commit", "create", "delete", "end", "exit", "export", "?",
    "help", "info", "remove", "revert", "select", "set", "clear", "verify"};

constexpr std::array<std::string_view, 12> kResources = {
    "net", "fs", "inherit-pkg-dir", "device", "rctl", "attr", "admin",
    "security-flags", "dataset", "dedicated-cpu", "capped-cpu", "capped-memory"};

constexpr std::array<std::string_view, 43> kProperties = {
    "zonename", "zonepath", "brand", "autoboot", "ip-type", "pool", "limitpriv",
    "bootargs", "type", "value", "options", "allowed-address", "address",
    "physical", "defrouter", "dir", "special", "raw", "name", "match", "priv",
    "limit", "action", "ncpus", "locked", "swap", "importance", "cpu-shares",
    "max-lwps", "max-processes", "max-shm-memory", "max-shm-ids", "max-msg-ids",
    "max-sem-ids", "scheduling-class", "hostid", "user", "auths", "fs-allowed",
    "default", "lower", "upper", "linkname"};

// The start conditions of zonecfg_lex.l.
enum class State { Initial, T, L, C };

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// zonecfg input is US-ASCII text: printable characters, tab and newline.
bool is_text(char c) { return c == '\t' || c == '\n' || (c >= ' ' && c <= '~'); }

// Characters that end a plain token in each state (besides blanks/newline).
bool ends_token(State s, char c) {
    switch (c) {
    case ' ': case '\t': case '\n': case '"': case ';': case '=': case '(': case ')':
        return true;
    case '[': case ']':
        return s != State::C;
    case ',':
        return s != State::T;
    default:
        return false;
    }
}

class Lexer {
public:
    Lexer(std::string_view in, int line) : in_(in), line_(line) {}

    std::vector<Token> run() {
        std::vector<Token> out;
        for (;;) {
            Token t = next();
            bool end = t.kind == Tok::End;
            out.push_back(std::move(t));
            if (end)
                return out;
        }
    }

private:
    bool crlf_at(std::size_t i) const {
        return in_[i] == '\r' && i + 1 < in_.size() && in_[i + 1] == '\n';
    }

    Token make(Tok k, std::string text) { return Token{k, std::move(text), line_, false}; }

    Token next() {
        // Blanks are ignored in every state; a CR before LF is a blank too.
        while (pos_ < in_.size() && (is_blank(in_[pos_]) || crlf_at(pos_)))
            ++pos_;
        if (pos_ >= in_.size())
            return make(Tok::End, "");
        char c = in_[pos_];
        if (c == '\n') {
            ++pos_;
            Token t = make(Tok::Newline, "\n");
            ++line_;
            state_ = State::Initial;
            return t;
        }
        if (c == ';') {
            ++pos_;
            state_ = State::Initial;
            return make(Tok::Semicolon, ";");
        }
        if (!is_text(c)) {
            ++pos_;
            return make(Tok::Char, std::string(1, c));
        }
        if (state_ == State::Initial)
            return initial(c);
        return in_command(c);
    }

    Token initial(char c) {
        if (c == '#') {
            while (pos_ < in_.size() && in_[pos_] != '\n')
                ++pos_;
            return next();
        }
        // flex picks the longest command word that prefixes the input, so
        // "exitx" is `exit x`, exactly as upstream.
        std::string_view rest = in_.substr(pos_);
        std::string_view best;
        for (auto w : kCommands)
            if (rest.substr(0, w.size()) == w && w.size() > best.size())
                best = w;
        if (best.empty()) {
            ++pos_;
            return make(Tok::Char, std::string(1, c));
        }
        pos_ += best.size();
        state_ = State::T;
        saved_ = State::T;
        return make(Tok::Command, std::string(best));
    }

    Token in_command(char c) {
        switch (c) {
        case '=':
            ++pos_;
            return make(Tok::Equal, "=");
        case '[':
            if (state_ == State::T) {
                ++pos_;
                state_ = saved_ = State::L;
                return make(Tok::LBracket, "[");
            }
            break;
        case ']':
            if (state_ == State::L) {
                ++pos_;
                state_ = saved_ = State::T;
                return make(Tok::RBracket, "]");
            }
            break;
        case '(':
            if (state_ != State::C) {
                ++pos_;
                state_ = State::C;
                return make(Tok::LParen, "(");
            }
            break;
        case ')':
            if (state_ == State::C) {
                ++pos_;
                state_ = saved_;
                return make(Tok::RParen, ")");
            }
            break;
        case ',':
            if (state_ != State::T) {
                ++pos_;
                return make(Tok::Comma, ",");
            }
            break;
        case '"':
            return quoted();
        default:
            break;
        }
        if (!ends_token(state_, c))
            return plain();
        ++pos_;
        return make(Tok::Char, std::string(1, c));
    }

    Token quoted() {
        std::size_t close = pos_ + 1;
        while (close < in_.size() && in_[close] != '"' && in_[close] != '\n' &&
               is_text(in_[close]))
            ++close;
        if (close < in_.size() && in_[close] != '"' && in_[close] != '\n') {
            pos_ = close + 1;   // a character zonecfg does not accept
            return make(Tok::Char, std::string(1, in_[close]));
        }
        if (close >= in_.size() || in_[close] != '"') {
            ++pos_;   // unterminated: a stray quote character
            return make(Tok::Char, "\"");
        }
        Token t = make(Tok::Token, std::string(in_.substr(pos_ + 1, close - pos_ - 1)));
        t.quoted = true;
        pos_ = close + 1;
        return t;
    }

    Token plain() {
        std::size_t end = pos_;
        while (end < in_.size() && !ends_token(state_, in_[end]) && is_text(in_[end]))
            ++end;
        std::string word(in_.substr(pos_, end - pos_));
        pos_ = end;
        // A run that spells a keyword is the keyword (flex: same length, the
        // keyword rule comes first); list items are never keywords.
        bool kw = (state_ == State::T && is_resource_keyword(word)) ||
                  (state_ != State::L && is_property_keyword(word));
        return make(kw ? Tok::Keyword : Tok::Token, std::move(word));
    }

    std::string_view in_;
    std::size_t pos_ = 0;
    int line_;
    State state_ = State::Initial;
    State saved_ = State::T;   // where `)` returns to: T or L
};

}  // namespace

std::string Token::spelling() const {
    if (kind == Tok::Token && quoted)
        return "\"" + text + "\"";
    if (kind == Tok::Newline)
        return "\\n";
    if (kind == Tok::Char && !text.empty() && !is_text(text[0]))
        return fmt::format("\\x{:02x}", static_cast<unsigned char>(text[0]));
    return text;
}

std::vector<Token> lex(std::string_view input, int first_line) {
    return Lexer(input, first_line).run();
}

bool is_resource_keyword(std::string_view word) {
    return std::find(kResources.begin(), kResources.end(), word) != kResources.end();
}

bool is_property_keyword(std::string_view word) {
    return std::find(kProperties.begin(), kProperties.end(), word) != kProperties.end();
}

}  // namespace zones::zonecfg
