#include "zone_users.hpp"

#include <algorithm>
#include <charconv>

namespace zones::zoneadmd {
namespace {

std::vector<std::string_view> fields(std::string_view line) {
    std::vector<std::string_view> v;
    for (std::size_t p = 0;;) {
        const std::size_t e = line.find(':', p);
        v.push_back(line.substr(p, e == std::string_view::npos ? std::string_view::npos : e - p));
        if (e == std::string_view::npos) return v;
        p = e + 1;
    }
}

template <class T>
bool number(std::string_view s, T& out) {
    if (s.empty()) return false;
    unsigned long v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v > 0xfffffffeUL) return false;
    out = static_cast<T>(v);
    return true;
}

// Calls fn(line) for every line without its newline (and a trailing \r).
template <class Fn>
void lines(std::string_view text, Fn fn) {
    while (!text.empty()) {
        const std::size_t e = text.find('\n');
        std::string_view line = text.substr(0, e);
        text = e == std::string_view::npos ? std::string_view() : text.substr(e + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line[0] == '#' || line[0] == '+' || line[0] == '-') continue;   // NIS compat: not ours
        if (fn(line)) return;
    }
}

std::optional<ZoneUser> parse_passwd(std::string_view line) {
    const auto f = fields(line);
    if (f.size() != 7 || f[0].empty()) return std::nullopt;
    ZoneUser u;
    u.name = std::string(f[0]);
    if (!number(f[2], u.uid) || !number(f[3], u.gid)) return std::nullopt;
    u.home = f[5].empty() ? "/" : std::string(f[5]);
    u.shell = f[6].empty() ? "/bin/sh" : std::string(f[6]);
    return u;
}

}  // namespace

std::optional<ZoneUser> find_user(std::string_view passwd, std::string_view name) {
    std::optional<ZoneUser> by_name, by_uid;
    uid_t want = 0;
    const bool numeric = number(name, want);
    lines(passwd, [&](std::string_view line) {
        auto u = parse_passwd(line);
        if (!u) return false;
        if (u->name == name) {
            by_name = std::move(u);
            return true;
        }
        if (numeric && !by_uid && u->uid == want) by_uid = std::move(u);
        return false;
    });
    return by_name ? by_name : by_uid;
}

std::vector<gid_t> user_groups(std::string_view group, std::string_view user, gid_t primary) {
    std::vector<gid_t> out{primary};
    lines(group, [&](std::string_view line) {
        const auto f = fields(line);
        gid_t gid = 0;
        if (f.size() != 4 || !number(f[2], gid)) return false;
        std::string_view members = f[3];
        while (!members.empty()) {
            const std::size_t c = members.find(',');
            if (members.substr(0, c) == user) {
                if (std::find(out.begin(), out.end(), gid) == out.end()) out.push_back(gid);
                break;
            }
            members = c == std::string_view::npos ? std::string_view() : members.substr(c + 1);
        }
        return false;
    });
    return out;
}

std::optional<gid_t> group_id(std::string_view group, std::string_view name) {
    std::optional<gid_t> out;
    lines(group, [&](std::string_view line) {
        const auto f = fields(line);
        gid_t gid = 0;
        if (f.size() == 4 && f[0] == name && number(f[2], gid)) out = gid;
        return out.has_value();
    });
    return out;
}

}  // namespace zones::zoneadmd
