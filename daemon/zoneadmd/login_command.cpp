#include "login_command.hpp"

#include <algorithm>
#include <array>

namespace zones::zoneadmd {
namespace {

bool plain_char(unsigned char c) {
    if (c >= 0x80) return true;   // UTF-8 and other bytes are literal to every shell
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
    case '_': case '-': case '.': case '/': case ',': case ':': case '@': case '%': case '+': case '=':
        return true;
    default:
        return false;   // blanks, quotes, $ ` \ | & ; < > ( ) * ? [ ] # ~ { } ! ^ newline, controls
    }
}

constexpr std::array<std::string_view, 21> kKeywords = {
    "if", "then", "else", "elif", "fi", "case", "esac", "for", "while", "until", "do",
    "done", "in", "function", "select", "time", "coproc", "!", "{", "}", "[["};

}  // namespace

bool needs_shell(const std::vector<std::string>& words) {
    if (words.empty()) return true;
    for (const std::string& w : words) {
        if (w.empty()) return true;   // "" survives only through quoting
        if (!std::all_of(w.begin(), w.end(), [](char c) { return plain_char(static_cast<unsigned char>(c)); }))
            return true;
    }
    const std::string& first = words.front();
    if (first.find('=') != std::string::npos) return true;   // an assignment, not a command
    return std::find(kKeywords.begin(), kKeywords.end(), first) != kKeywords.end();
}

std::string join_command(const std::vector<std::string>& words) {
    std::string s;
    for (const std::string& w : words) {
        s += w;
        s += ' ';
    }
    return s;
}

std::string login_argv0(std::string_view shell) {
    const std::size_t slash = shell.rfind('/');
    return "-" + std::string(slash == std::string_view::npos ? shell : shell.substr(slash + 1));
}

std::vector<std::string> path_candidates(std::string_view word, std::string_view path) {
    if (word.find('/') != std::string_view::npos) return {std::string(word)};
    std::vector<std::string> out;
    for (;;) {
        const std::size_t c = path.find(':');
        std::string_view dir = path.substr(0, c);
        out.push_back(dir.empty() ? std::string(word) : std::string(dir) + "/" + std::string(word));
        if (c == std::string_view::npos) break;
        path = path.substr(c + 1);
    }
    return out;
}

}  // namespace zones::zoneadmd
