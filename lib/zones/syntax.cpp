#include "zones/syntax.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstdint>
#include <string>

namespace zones {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

// 0 = not an address, else AF_INET / AF_INET6.
int address_family(std::string_view text) {
    if (text.empty() || text.size() > 64) return 0;
    std::string s(text);
    unsigned char buf[16];
    if (::inet_pton(AF_INET, s.c_str(), buf) == 1) return AF_INET;
    if (::inet_pton(AF_INET6, s.c_str(), buf) == 1) return AF_INET6;
    return 0;
}

bool parse_uint(std::string_view text, std::uint64_t& out) {
    if (text.empty() || !is_digit(text[0])) return false;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && p == text.data() + text.size();
}

}  // namespace

bool valid_u64(std::string_view text) {
    std::uint64_t v = 0;
    return parse_uint(text, v);
}

std::optional<std::uint32_t> parse_hostid(std::string_view v) {
    if (v.starts_with("0x") || v.starts_with("0X")) v.remove_prefix(2);
    if (v.empty() || v.size() > 8) return std::nullopt;
    std::uint32_t id = 0;
    for (char c : v) {
        unsigned d = 0;
        if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
        else return std::nullopt;
        id = id << 4 | d;
    }
    if (id == 0xffffffffu) return std::nullopt;
    return id;
}

bool valid_ip_address(std::string_view text) { return address_family(text) != 0; }

bool valid_ip_prefix(std::string_view text) {
    auto slash = text.find('/');
    if (slash == std::string_view::npos) return false;
    int af = address_family(text.substr(0, slash));
    std::uint64_t len = 0;
    if (af == 0 || !parse_uint(text.substr(slash + 1), len)) return false;
    return len <= (af == AF_INET ? 32u : 128u);
}

bool valid_hostname(std::string_view text) {
    if (text.empty() || text.size() > 253) return false;
    if (text.back() == '.') text.remove_suffix(1);   // fully qualified
    std::string_view last;
    while (true) {
        auto dot = text.find('.');
        std::string_view label = text.substr(0, dot);
        if (label.empty() || label.size() > 63) return false;
        if (!is_alnum(label.front()) || !is_alnum(label.back())) return false;
        for (char c : label)
            if (!is_alnum(c) && c != '-') return false;
        last = label;
        if (dot == std::string_view::npos) break;
        text.remove_prefix(dot + 1);
    }
    for (char c : last)
        if (!is_digit(c)) return true;
    return false;
}

bool valid_link_name(std::string_view text) {
    // IFNAMSIZ is 16 with the NUL.
    if (text.empty() || text.size() > 15 || text == "." || text == "..") return false;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f || c == '/' || c == ':') return false;
    }
    return true;
}

bool valid_zone_link_name(std::string_view text) {
    if (text.empty() || text.size() > 15 || text == "lo") return false;
    if (!((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z'))) return false;
    for (char c : text)
        if (!is_alnum(c) && c != '_' && c != '-' && c != '.') return false;
    return true;
}

bool valid_dataset_name(std::string_view text) {
    if (text.empty() || text.size() > 255) return false;
    // The pool name starts with a letter.
    if (!((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z'))) return false;
    while (true) {
        auto slash = text.find('/');
        std::string_view comp = text.substr(0, slash);
        if (comp.empty() || comp == "." || comp == "..") return false;
        for (char c : comp)
            if (!is_alnum(c) && c != '_' && c != '-' && c != '.' && c != ':' && c != ' ') return false;
        if (slash == std::string_view::npos) break;
        text.remove_prefix(slash + 1);
    }
    return true;
}

bool valid_rctl_action(std::string_view text) {
    if (text == "none" || text == "deny") return true;
    constexpr std::string_view prefix = "signal=";
    if (!text.starts_with(prefix)) return false;
    std::string_view sig = text.substr(prefix.size());
    std::uint64_t num = 0;
    if (parse_uint(sig, num)) return num >= 1 && num <= 64;
    if (sig.size() > 3 && iequals(sig.substr(0, 3), "SIG")) sig.remove_prefix(3);
    static constexpr std::string_view kSignals[] = {
        "HUP",  "INT",  "QUIT", "ILL",  "TRAP", "ABRT",   "BUS",    "FPE",   "KILL", "USR1", "SEGV",
        "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT",   "STOP",  "TSTP", "TTIN", "TTOU",
        "URG",  "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO",    "PWR",   "SYS",
    };
    for (auto s : kSignals)
        if (iequals(sig, s)) return true;
    return false;
}

}  // namespace zones
