// verify rules for the list resources: required properties, syntax, and
// the duplicate keys illumos refuses at `end`.
#include <algorithm>
#include <set>
#include <string>
#include <tuple>

#include <fmt/core.h>

#include "zones/netaddr.hpp"
#include "zones/syntax.hpp"
#include "zones/verify_detail.hpp"

namespace zones::verify_detail {

namespace {

void check_absolute(std::string_view prop, const std::string& path, Messages& out) {
    if (!path.empty() && path[0] != '/') out.push_back(fmt::format("{} {} is not an absolute path.", prop, path));
}

// Reports the second and later resource with the same key.
template <typename Key>
bool first_time(std::set<Key>& seen, const Key& key) {
    return seen.insert(key).second;
}

// Shared IP: IP[/len] or a host name; IPv6 needs its prefix length.
void check_shared_address(const std::string& a, Messages& out) {
    auto slash = a.find('/');
    std::string_view host = std::string_view(a).substr(0, slash);
    if (slash == std::string::npos && valid_ip_address(host) && host.find(':') != std::string_view::npos) {
        out.push_back(fmt::format("net: address {}: IPv6 address missing required prefix length", a));
        return;
    }
    bool ok = slash == std::string::npos ? valid_ip_address(a) || valid_hostname(a)
                                          : valid_ip_prefix(a) ||
                                                (valid_hostname(host) && valid_ip_prefix("0.0.0.0" + a.substr(slash)));
    if (!ok)
        out.push_back(fmt::format("net: address {}: Neither an IPv4 nor an IPv6 address nor a host name", a));
}

bool all_of_list(std::string_view list, bool (*pred)(std::string_view)) {
    auto items = split_list(list);
    for (auto i : items)
        if (!pred(i)) return false;
    return !items.empty();
}

bool address_maybe_prefix(std::string_view a) { return valid_ip_address(a) || valid_ip_prefix(a); }

bool valid_username(std::string_view u) {
    if (u.empty() || u.size() > 32 || u[0] == '-') return false;
    for (char c : u) {
        auto x = static_cast<unsigned char>(c);
        if (x <= 0x20 || x == 0x7f || c == ':' || c == ',' || c == '/') return false;
    }
    return true;
}

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// zonecfg's validate_attr_type_val: the value must parse as its type.
bool attr_value_fits(std::string_view type, std::string_view v) {
    if (type == "boolean") return v == "true" || v == "false";
    if (type == "string") return true;
    if (type == "uint") return valid_u64(v);
    // int: an optional '-' and a number that fits int64.
    bool neg = v.starts_with('-');
    if (neg) v.remove_prefix(1);
    if (!valid_u64(v)) return false;
    std::string digits(v);
    return std::stoull(digits) <= (neg ? 9223372036854775808ULL : 9223372036854775807ULL);
}

}  // namespace

void check_ipds(const ZoneConfig& cfg, Messages& out) {
    std::set<std::string> seen;
    for (const auto& ipd : cfg.ipds) {
        if (!require(ipd.dir, "inherit-pkg-dir", "dir", out)) continue;
        check_absolute("dir", ipd.dir, out);
        if (!first_time(seen, ipd.dir))
            out.push_back(fmt::format("An inherit-pkg-dir resource with the dir '{}' already exists.", ipd.dir));
    }
}

void check_fs(const ZoneConfig& cfg, Messages& out) {
    std::set<std::string> seen;
    for (const auto& fs : cfg.fs) {
        bool has_dir = require(fs.dir, "fs", "dir", out);
        require(fs.special, "fs", "special", out);
        require(fs.type, "fs", "type", out);
        check_absolute("dir", fs.dir, out);
        check_absolute("raw", fs.raw, out);
        if (has_dir && !first_time(seen, fs.dir))
            out.push_back(fmt::format("A fs resource with the dir '{}' already exists.", fs.dir));
    }
}

void check_nets(const ZoneConfig& cfg, Messages& out) {
    const bool shared = cfg.ip_type == "shared", exclusive = cfg.ip_type == "exclusive";
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    // Exclusive IP: per link, whether any net has an allowed-address / a defrouter.
    std::vector<std::tuple<std::string, bool, bool>> links;
    for (const auto& net : cfg.nets) {
        if (require(net.physical, "net", "physical", out) && !valid_link_name(net.physical))
            out.push_back(fmt::format("net: invalid physical: {}", net.physical));
        if (shared) {
            if (require(net.address, "net", "address", out)) check_shared_address(net.address, out);
            if (!net.allowed_address.empty())
                out.push_back("net: allowed-address cannot be specified for a shared IP type");
        } else if (exclusive) {
            if (!net.address.empty()) {
                out.push_back("net: address cannot be specified for an exclusive IP type");
            } else {
                auto it = std::find_if(links.begin(), links.end(),
                                       [&](const auto& l) { return std::get<0>(l) == net.physical; });
                if (it == links.end()) it = links.insert(links.end(), {net.physical, false, false});
                std::get<1>(*it) = std::get<1>(*it) || !net.allowed_address.empty();
                std::get<2>(*it) = std::get<2>(*it) || !net.defrouter.empty();
            }
            if (!net.allowed_address.empty() && !all_of_list(net.allowed_address, valid_ip_prefix))
                out.push_back(fmt::format("net: invalid allowed-address: {}", net.allowed_address));
        }
        if (!net.defrouter.empty() && !all_of_list(net.defrouter, address_maybe_prefix))
            out.push_back(fmt::format("net: invalid defrouter: {}", net.defrouter));
        if (!net.physical.empty() && !first_time(seen, {net.physical, net.address, net.allowed_address})) {
            if (!net.address.empty())
                out.push_back(fmt::format("A net resource with the physical '{}', and address '{}' already exists.",
                                          net.physical, net.address));
            else
                out.push_back(fmt::format(
                    "A net resource with the physical '{}', and allowed-address '{}' already exists.", net.physical,
                    net.allowed_address));
        }
    }
    // Interface names in the zone: a linkname, or net<N> by position.
    std::set<std::string> names;
    for (std::size_t i = 0; i < cfg.nets.size(); ++i) {
        const Net& n = cfg.nets[i];
        if (!n.linkname.empty() && !valid_zone_link_name(n.linkname)) {
            out.push_back(fmt::format("net: invalid linkname: {}", n.linkname));
            continue;
        }
        const std::string name = net::zone_link_name(n, i);
        if (!names.insert(name).second)
            out.push_back(fmt::format("net: the link name {} is used by two net resources", name));
    }
    for (const auto& [link, has_allowed, has_defrouter] : links)
        if (has_defrouter && !has_allowed)
            out.push_back(fmt::format(
                "net: defrouter for {} cannot be specified without allowed-address for an exclusive IP type", link));
}

void check_devices(const ZoneConfig& cfg, Messages& out) {
    std::set<std::string> seen;
    for (const auto& d : cfg.devices) {
        if (require(d.match, "device", "match", out) && !first_time(seen, d.match))
            out.push_back(fmt::format("A device resource with the match '{}' already exists.", d.match));
    }
}

void check_attrs(const ZoneConfig& cfg, Messages& out) {
    std::set<std::string> seen;
    for (const auto& a : cfg.attrs) {
        bool has_name = require(a.name, "attr", "name", out);
        bool has_type = require(a.type, "attr", "type", out);
        bool has_value = require(a.value, "attr", "value", out);
        if (has_name) {
            if (!is_alnum(a.name[0])) {
                out.push_back(fmt::format(
                    "Invalid attr name {}: must start with an alpha-numeric character.", a.name));
            } else {
                for (char c : a.name) {
                    if (!is_alnum(c) && c != '-' && c != '.') {
                        out.push_back(fmt::format(
                            "Invalid attr name {}: can only contain alpha-numeric characters, plus '-' and '.'.",
                            a.name));
                        break;
                    }
                }
            }
        }
        if (has_type) {
            if (a.type != "boolean" && a.type != "int" && a.type != "string" && a.type != "uint")
                out.push_back(fmt::format("invalid attr type '{}'", a.type));
            else if (has_value && !attr_value_fits(a.type, a.value))
                out.push_back(fmt::format("invalid attr value for type={}", a.type));
        }
        if (has_name && !first_time(seen, a.name))
            out.push_back(fmt::format("An attr resource with the name '{}' already exists.", a.name));
    }
}

void check_datasets(const ZoneConfig& cfg, Messages& out) {
    std::set<std::string> seen;
    for (const auto& d : cfg.datasets) {
        if (!require(d.name, "dataset", "name", out)) continue;
        if (!valid_dataset_name(d.name)) out.push_back("dataset: name invalid");
        if (!first_time(seen, d.name))
            out.push_back(fmt::format("A dataset resource with the name '{}' already exists.", d.name));
        else if (valid_dataset_name(d.name))
            out.push_back(no_effect::dataset(d.name));
    }
}

void check_admins(const ZoneConfig& cfg, Messages& out) {
    std::set<std::string> seen;
    for (const auto& a : cfg.admins) {
        bool has_user = require(a.user, "admin", "user", out);
        if (require(a.auths, "admin", "auths", out)) {
            for (std::string_view auth : split_list(a.auths))
                if (auth != "login" && auth != "manage" && auth != "clonefrom")
                    out.push_back(fmt::format("'{}' is not a valid authorization", auth));
        }
        if (!has_user) continue;
        if (!valid_username(a.user)) out.push_back(fmt::format("user {} is not a valid username", a.user));
        if (!first_time(seen, a.user))
            out.push_back(fmt::format("A admin resource with the user '{}' already exists.", a.user));
    }
}

}  // namespace zones::verify_detail
