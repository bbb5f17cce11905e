#include "sys/mountinfo.hpp"

namespace zones::sys {
namespace {

// The next space-separated field of S (advanced past it).
std::string_view next_field(std::string_view& s) {
    const std::size_t sp = s.find(' ');
    const std::string_view f = s.substr(0, sp);
    s = sp == std::string_view::npos ? std::string_view() : s.substr(sp + 1);
    return f;
}

}  // namespace

bool parse_mountinfo(std::string_view line, MountInfo& out) {
    const std::size_t dash = line.find(" - ");
    if (dash == std::string_view::npos) return false;
    std::string_view left = line.substr(0, dash), right = line.substr(dash + 3);
    std::string_view f[6];
    for (std::string_view& x : f)
        if ((x = next_field(left)).empty()) return false;
    out.root = f[3];
    out.point = f[4];
    out.optional = left;   // what follows OPTIONS up to " - "
    out.type = next_field(right);
    out.source = next_field(right);
    out.super_options = next_field(right);
    return !out.type.empty();
}

std::string unescape_mountinfo(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    auto octal = [](char c) { return c >= '0' && c <= '7'; };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] <= '3' && octal(s[i + 1]) && octal(s[i + 2]) &&
            octal(s[i + 3])) {
            out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace zones::sys
