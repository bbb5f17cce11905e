#include "zonecfg/values.hpp"

#include <arpa/inet.h>
#include <pwd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "zones/syntax.hpp"

namespace zones::zonecfg {
namespace {

bool is_alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

}  // namespace

std::optional<std::uint64_t> parse_uint(std::string_view s) {
    if (s.empty() || s.size() > 20)
        return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        std::uint64_t d = static_cast<std::uint64_t>(c - '0');
        if (v > (UINT64_MAX - d) / 10)
            return std::nullopt;
        v = v * 10 + d;
    }
    return v;
}

std::optional<std::string> zonepath_error(std::string_view path) {
    if (path.empty() || path.front() != '/')
        return fmt::format("{} is not an absolute path.", path);
    if (path.find_first_not_of('/') == std::string_view::npos)
        return std::string("/ is not allowed as a zonepath.");
    return std::nullopt;
}

AddressCheck check_net_address(std::string_view address, bool host) {
    AddressCheck r;
    std::string part1(address);
    auto slash = address.find('/');
    int prefixlen = 0;
    if (slash != std::string_view::npos) {
        part1 = std::string(address.substr(0, slash));
        prefixlen = std::atoi(std::string(address.substr(slash + 1)).c_str());   // as upstream
    }
    bool has_prefix = slash != std::string_view::npos;
    if (host && has_prefix)
        r.warnings.push_back(fmt::format(
            "Warning: prefix length in {} is not required and will be ignored. "
            "The default host-prefix length will be used", address));

    unsigned char buf[16];
    if (inet_pton(AF_INET6, part1.c_str(), buf) == 1) {
        if (host)
            return r;
        if (!has_prefix)
            r.error = fmt::format("{}: IPv6 addresses require /prefix-length suffix.", address);
        else if (prefixlen < 0 || prefixlen > 128)
            r.error = fmt::format("{}: IPv6 address prefix lengths must be 0 - 128.", address);
        return r;
    }
    if (!host && has_prefix && (prefixlen < 0 || prefixlen > 32)) {
        r.error = fmt::format("{}: IPv4 address prefix lengths must be 0 - 32.", address);
        return r;
    }
    if (inet_pton(AF_INET, part1.c_str(), buf) == 1)
        return r;
    bool ok = !part1.empty() && is_alnum(part1.front());
    for (std::size_t i = 1; ok && i < part1.size(); ++i)
        ok = is_alnum(part1[i]) || part1[i] == '-' || part1[i] == '.';
    if (!ok) {
        r.error = fmt::format("{}: bogus host name or network address syntax", part1);
        r.netaddr_help = true;
    }
    return r;
}

std::optional<std::string> physical_error(std::string_view name, std::string_view ip_type) {
    if (name.find(':') != std::string_view::npos) {
        if (ip_type == "exclusive")
            return fmt::format("{}: physical interface name required; "
                               "logical interface name not allowed", name);
        return fmt::format("{}: LUNs not allowed in physical interface names", name);
    }
    bool ok = !name.empty() && name.size() <= 15 && name != "." && name != "..";
    for (char c : name)
        ok = ok && c != '/' && !std::isspace(static_cast<unsigned char>(c));
    if (!ok)
        return fmt::format("{}: invalid physical interface name", name);
    return std::nullopt;
}

std::optional<std::string> linkname_error(std::string_view name) {
    if (!valid_zone_link_name(name))
        return fmt::format("{}: invalid link name (1-15 letters, digits, '_', '-' or '.', "
                           "starting with a letter; not lo)", name);
    return std::nullopt;
}

bool valid_fs_type(std::string_view type) {
    return !type.empty() && type.size() + 1 <= 256 && type.find('/') == std::string_view::npos &&
           type != "." && type != "..";
}

bool valid_rctl_name(std::string_view name) {
    constexpr std::string_view prefix = "zone.";
    if (name.substr(0, prefix.size()) != prefix || name.size() == prefix.size())
        return false;
    for (char c : name.substr(prefix.size()))
        if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-')
            return false;
    return true;
}

bool valid_rctl_value(const RctlValue& v) {
    return v.priv == "privileged" && parse_uint(v.limit) &&
           (v.action == "none" || v.action == "deny");
}

bool valid_ncpus(std::string_view low, std::string_view high) {
    auto lo = parse_uint(low);
    auto hi = parse_uint(high);
    return lo && hi && *lo >= 1 && *lo <= *hi;
}

bool valid_importance(std::string_view s) {
    return parse_uint(s).has_value();
}

std::optional<std::uint64_t> parse_cpu_cap(std::string_view s) {
    std::string text(s);
    if (text.empty() || std::isspace(static_cast<unsigned char>(text.front())))
        return std::nullopt;
    errno = 0;
    char* end = nullptr;
    double cap = std::strtod(text.c_str(), &end);
    if (errno != 0 || *end != '\0' || !std::isfinite(cap) || cap <= 0 || cap > 1e9)
        return std::nullopt;
    // Upstream truncates ncpus*100; the epsilon keeps 1.15 from becoming 114.
    auto limit = static_cast<std::uint64_t>(std::floor(cap * 100 + 1e-6));
    if (limit < 1)
        return std::nullopt;
    return limit;
}

std::optional<std::string> attr_name_error(std::string_view name) {
    if (name.empty() || !is_alnum(name.front()))
        return fmt::format("Invalid attr name {}: must start with an alpha-numeric character.",
                           name);
    for (char c : name.substr(1))
        if (!is_alnum(c) && c != '-' && c != '.')
            return fmt::format("Invalid attr name {}: can only contain alpha-numeric "
                               "characters, plus '-' and '.'.", name);
    return std::nullopt;
}

std::optional<std::string> attr_value_error(const Attr& a) {
    const std::string& v = a.value;
    bool ok;
    if (a.type == "boolean") {
        ok = v == "true" || v == "false";
    } else if (a.type == "int") {
        std::string_view digits = v;
        if (!digits.empty() && (digits.front() == '-' || digits.front() == '+'))
            digits.remove_prefix(1);
        auto mag = parse_uint(digits);
        std::uint64_t limit = (!v.empty() && v.front() == '-') ? (1ULL << 63) : (1ULL << 63) - 1;
        ok = mag && *mag <= limit;
    } else if (a.type == "uint") {
        ok = parse_uint(v).has_value();
    } else if (a.type == "string") {
        ok = true;
    } else {
        return fmt::format("invalid attr type '{}'", a.type);
    }
    if (ok)
        return std::nullopt;
    return fmt::format("invalid attr value for type={}", a.type);
}

std::vector<std::string> invalid_auths(std::string_view auths) {
    static constexpr std::array<std::string_view, 3> known = {"login", "manage", "clonefrom"};
    std::vector<std::string> bad;
    std::size_t start = 0;
    for (;;) {
        auto comma = auths.find(',', start);
        std::string_view item = auths.substr(start, comma == std::string_view::npos
                                                        ? std::string_view::npos
                                                        : comma - start);
        bool ok = false;
        for (auto k : known)
            ok = ok || item == k;
        if (!ok)
            bad.emplace_back(item);
        if (comma == std::string_view::npos)
            return bad;
        start = comma + 1;
    }
}

bool user_exists(const std::string& user) {
    struct passwd pw;
    struct passwd* result = nullptr;
    std::array<char, 4096> buf{};
    return getpwnam_r(user.c_str(), &pw, buf.data(), buf.size(), &result) == 0 && result;
}

std::string size_with_suffix(std::uint64_t bytes) {
    std::string s = format_size(bytes);
    if (!s.empty() && std::isalpha(static_cast<unsigned char>(s.back())))
        return s;
    // rem/1024 is an exact decimal of at most ten digits: rem * 5^10 / 10^10.
    std::uint64_t rem = bytes % 1024;
    std::string frac = fmt::format("{:010}", rem * 9765625ULL);
    while (!frac.empty() && frac.back() == '0')
        frac.pop_back();
    if (frac.empty())
        return fmt::format("{}K", bytes / 1024);
    return fmt::format("{}.{}K", bytes / 1024, frac);
}

}  // namespace zones::zonecfg
