#include "zones/netaddr.hpp"

#include <arpa/inet.h>

#include <fmt/format.h>

namespace zones::net {
namespace {

std::uint32_t fnv1a(std::string_view s) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : s) {
        h ^= c;
        h *= 16777619u;
    }
    return h;
}

bool parse_len(std::string_view s, int max, int& out) {
    if (s.empty() || s.size() > 3) return false;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    if (v > max) return false;
    out = v;
    return true;
}

}  // namespace

std::string Cidr::addr_text() const {
    char buf[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(family == 4 ? AF_INET : AF_INET6, addr.data(), buf, sizeof buf);
    return buf;
}

std::string Cidr::text() const {
    return has_prefix ? fmt::format("{}/{}", addr_text(), prefix) : addr_text();
}

std::optional<Cidr> parse_cidr(std::string_view text) {
    Cidr c;
    const auto slash = text.find('/');
    const std::string host(text.substr(0, slash));
    if (host.find(':') != std::string::npos) {
        if (::inet_pton(AF_INET6, host.c_str(), c.addr.data()) != 1) return std::nullopt;
        c.family = 6;
    } else {
        if (::inet_pton(AF_INET, host.c_str(), c.addr.data()) != 1) return std::nullopt;
        c.family = 4;
    }
    c.prefix = c.max_prefix();
    if (slash != std::string_view::npos) {
        if (!parse_len(text.substr(slash + 1), c.max_prefix(), c.prefix)) return std::nullopt;
        c.has_prefix = true;
    }
    return c;
}

std::optional<std::vector<Cidr>> parse_cidr_list(std::string_view text) {
    std::vector<Cidr> out;
    if (text.empty()) return out;
    for (;;) {   // "a,b": every item, an empty one ("a,") is malformed
        const auto comma = text.find(',');
        auto c = parse_cidr(text.substr(0, comma));
        if (!c) return std::nullopt;
        out.push_back(*c);
        if (comma == std::string_view::npos) return out;
        text.remove_prefix(comma + 1);
    }
}

std::string host_link_name(std::string_view zone, std::size_t index) {
    return fmt::format("z{:08x}n{}", fnv1a(zone), index);
}

std::string zone_link_name(std::size_t index) { return fmt::format("net{}", index); }

std::string zone_link_name(const Net& net, std::size_t index) {
    return net.linkname.empty() ? zone_link_name(index) : net.linkname;
}

std::string link_alias(std::string_view zone, std::size_t index) {
    return fmt::format("zone:{}:net{}", zone, index);
}

std::string link_alias_prefix(std::string_view zone) { return fmt::format("zone:{}:", zone); }

std::string nft_table(std::string_view zone) { return fmt::format("zone-{}", zone); }

std::array<std::uint8_t, 6> link_mac(std::string_view zone, std::size_t index) {
    const std::uint32_t h = fnv1a(zone);
    // 0x0a: locally administered (bit 1), unicast (bit 0 clear); then the
    // name's hash and the index (net resources beyond 255 share a MAC byte).
    return {0x0a, static_cast<std::uint8_t>(h >> 24), static_cast<std::uint8_t>(h >> 16),
            static_cast<std::uint8_t>(h >> 8), static_cast<std::uint8_t>(h), static_cast<std::uint8_t>(index)};
}

std::string mac_text(const std::array<std::uint8_t, 6>& m) {
    return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", m[0], m[1], m[2], m[3], m[4], m[5]);
}

std::vector<Claim> claimed_addresses(const ZoneConfig& cfg) {
    std::vector<Claim> out;
    for (const Net& n : cfg.nets) {
        const std::string& list = cfg.ip_type == "exclusive" ? n.allowed_address : n.address;
        std::string_view rest = list;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            if (auto c = parse_cidr(rest.substr(0, comma))) out.push_back({n.physical, *c});
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return out;
}

}  // namespace zones::net
