#include "zonecfg/json.hpp"

#include <set>

#include <fmt/format.h>

namespace zones::zonecfg {
namespace {

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

// The global string properties, in export's order.
struct GlobalProp {
    std::string_view name;
    std::string ZoneConfig::*member;
};
constexpr GlobalProp kGlobals[] = {
    {"zonepath", &ZoneConfig::zonepath},
    {"brand", &ZoneConfig::brand},
    {"bootargs", &ZoneConfig::bootargs},
    {"pool", &ZoneConfig::pool},
    {"limitpriv", &ZoneConfig::limitpriv},
    {"scheduling-class", &ZoneConfig::scheduling_class},
    {"ip-type", &ZoneConfig::ip_type},
    {"hostid", &ZoneConfig::hostid},
    {"fs-allowed", &ZoneConfig::fs_allowed},
};

template <class R>
ojson simple(const R& r) {
    ojson o = ojson::object();
    for (const auto& f : fields<R>())
        o[std::string(f.name)] = r.*f.member;
    return o;
}

template <class R>
ojson array_of(const std::vector<R>& v) {
    ojson a = ojson::array();
    for (const auto& r : v)
        a.push_back(resource_to_json(r));
    return a;
}

// Reading: every failure is a Bad with the line to print.
struct Bad {
    std::string line;
};

std::string string_of(const json& v, const std::string& where) {
    if (!v.is_string())
        throw Bad{fmt::format("{}: a string was expected", where)};
    return v.get<std::string>();
}

template <class R>
R read_simple(const json& o, const std::string& where, std::set<std::string_view> extra = {}) {
    if (!o.is_object())
        throw Bad{fmt::format("{}: an object was expected", where)};
    R r{};
    for (const auto& [key, value] : o.items()) {
        if (extra.count(key))
            continue;
        std::string* f = field(r, key);
        if (f == nullptr)
            throw Bad{fmt::format("{}: unknown property '{}'", where, key)};
        *f = string_of(value, where + "." + key);
    }
    return r;
}

template <class R>
std::vector<R> read_array(const json& doc, std::string_view key) {
    std::vector<R> out;
    auto it = doc.find(key);
    if (it == doc.end())
        return out;
    if (!it->is_array())
        throw Bad{fmt::format("{}: an array was expected", key)};
    std::size_t i = 0;
    for (const json& e : *it) {
        const std::string where = fmt::format("{}[{}]", key, i++);
        if constexpr (std::is_same_v<R, Fs>) {
            Fs f = read_simple<Fs>(e, where, {"options"});
            if (auto o = e.find("options"); o != e.end()) {
                if (!o->is_array())
                    throw Bad{fmt::format("{}.options: an array was expected", where)};
                for (const json& v : *o)
                    f.options.push_back(string_of(v, where + ".options"));
            }
            out.push_back(std::move(f));
        } else if constexpr (std::is_same_v<R, Rctl>) {
            Rctl r = read_simple<Rctl>(e, where, {"value"});
            if (auto vs = e.find("value"); vs != e.end()) {
                if (!vs->is_array())
                    throw Bad{fmt::format("{}.value: an array was expected", where)};
                std::size_t k = 0;
                for (const json& v : *vs) {
                    const std::string w = fmt::format("{}.value[{}]", where, k++);
                    if (!v.is_object())
                        throw Bad{fmt::format("{}: an object was expected", w)};
                    RctlValue rv;
                    for (const auto& [vk, vv] : v.items()) {
                        if (vk == "priv")
                            rv.priv = string_of(vv, w + ".priv");
                        else if (vk == "limit")
                            rv.limit = vv.is_number_unsigned() ? std::to_string(vv.template get<std::uint64_t>())
                                                               : string_of(vv, w + ".limit");
                        else if (vk == "action")
                            rv.action = string_of(vv, w + ".action");
                        else
                            throw Bad{fmt::format("{}: unknown property '{}'", w, vk)};
                    }
                    r.values.push_back(std::move(rv));
                }
            }
            out.push_back(std::move(r));
        } else {
            out.push_back(read_simple<R>(e, where));
        }
    }
    return out;
}

template <class R>
std::optional<R> read_single(const json& doc, std::string_view key) {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null())
        return std::nullopt;
    return read_simple<R>(*it, std::string(key));
}

constexpr std::string_view kKnownKeys[] = {
    "zonename", "zonepath", "brand", "autoboot", "bootargs", "pool", "limitpriv",
    "scheduling-class", "ip-type", "hostid", "fs-allowed", "inherit-pkg-dir", "fs", "net",
    "device", "capped-memory", "rctl", "attr", "dataset", "dedicated-cpu", "admin",
    "security-flags"};

}  // namespace

ojson resource_to_json(const Fs& r) {
    ojson o = simple(r);
    o["options"] = r.options;
    return o;
}
ojson resource_to_json(const InheritPkgDir& r) { return simple(r); }
ojson resource_to_json(const Net& r) { return simple(r); }
ojson resource_to_json(const Device& r) { return simple(r); }
ojson resource_to_json(const Rctl& r) {
    ojson o = simple(r);
    ojson values = ojson::array();
    for (const auto& v : r.values)
        values.push_back(ojson{{"priv", v.priv}, {"limit", v.limit}, {"action", v.action}});
    o["value"] = std::move(values);
    return o;
}
ojson resource_to_json(const Attr& r) { return simple(r); }
ojson resource_to_json(const Dataset& r) { return simple(r); }
ojson resource_to_json(const DedicatedCpu& r) { return simple(r); }
ojson resource_to_json(const Admin& r) { return simple(r); }
ojson resource_to_json(const SecurityFlags& r) { return simple(r); }

ojson config_to_json(const ZoneConfig& c, bool with_name) {
    ojson o = ojson::object();
    if (with_name)
        o["zonename"] = c.name;
    o["zonepath"] = c.zonepath;
    o["brand"] = c.brand;
    o["autoboot"] = c.autoboot;
    for (const auto& g : kGlobals)
        if (g.name != "zonepath" && g.name != "brand")
            o[std::string(g.name)] = c.*g.member;
    o["inherit-pkg-dir"] = array_of(c.ipds);
    o["fs"] = array_of(c.fs);
    o["net"] = array_of(c.nets);
    o["device"] = array_of(c.devices);
    if (c.mcap_physical)
        o["capped-memory"] = ojson{{"physical", *c.mcap_physical}};
    o["rctl"] = array_of(c.rctls);
    o["attr"] = array_of(c.attrs);
    o["dataset"] = array_of(c.datasets);
    if (c.dedicated_cpu)
        o["dedicated-cpu"] = resource_to_json(*c.dedicated_cpu);
    o["admin"] = array_of(c.admins);
    if (c.security_flags)
        o["security-flags"] = resource_to_json(*c.security_flags);
    return o;
}

std::string dump(const ojson& j) {
    // error_handler replace: bytes that are not UTF-8 (possible in values
    // read from XML) become U+FFFD instead of an exception.
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool looks_like_json(std::string_view text) {
    auto at = text.find_first_not_of(" \t\r\n");
    return at != std::string_view::npos && text[at] == '{';
}

std::optional<ZoneConfig> config_from_json(std::string_view text, const std::string& zone,
                                           std::string* error) {
    json doc = json::parse(text, nullptr, false);
    auto fail = [&](const std::string& line) -> std::optional<ZoneConfig> {
        if (error)
            *error = line;
        return std::nullopt;
    };
    if (doc.is_discarded())
        return fail("not a valid JSON document");
    if (!doc.is_object())
        return fail("a JSON object was expected");
    try {
        for (const auto& [key, value] : doc.items()) {
            bool known = false;
            for (auto k : kKnownKeys)
                known = known || k == key;
            if (!known)
                throw Bad{fmt::format("unknown property '{}'", key)};
        }
        ZoneConfig c;
        c.name = zone;
        if (auto n = doc.find("zonename"); n != doc.end() && string_of(*n, "zonename") != zone)
            throw Bad{fmt::format("zonename '{}' does not match zone '{}'", n->get<std::string>(), zone)};
        for (const auto& g : kGlobals)
            if (auto v = doc.find(g.name); v != doc.end())
                c.*g.member = string_of(*v, std::string(g.name));
        if (auto a = doc.find("autoboot"); a != doc.end()) {
            if (!a->is_boolean())
                throw Bad{"autoboot: true or false was expected"};
            c.autoboot = a->get<bool>();
        }
        c.ipds = read_array<InheritPkgDir>(doc, "inherit-pkg-dir");
        c.fs = read_array<Fs>(doc, "fs");
        c.nets = read_array<Net>(doc, "net");
        c.devices = read_array<Device>(doc, "device");
        c.rctls = read_array<Rctl>(doc, "rctl");
        c.attrs = read_array<Attr>(doc, "attr");
        c.datasets = read_array<Dataset>(doc, "dataset");
        c.admins = read_array<Admin>(doc, "admin");
        c.dedicated_cpu = read_single<DedicatedCpu>(doc, "dedicated-cpu");
        c.security_flags = read_single<SecurityFlags>(doc, "security-flags");
        if (auto m = doc.find("capped-memory"); m != doc.end() && !m->is_null()) {
            if (!m->is_object())
                throw Bad{"capped-memory: an object was expected"};
            for (const auto& [key, value] : m->items()) {
                if (key != "physical")
                    throw Bad{fmt::format("capped-memory: unknown property '{}' (swap and locked "
                                          "are the rctls zone.max-swap and zone.max-locked-memory)",
                                          key)};
                if (value.is_number_unsigned()) {
                    c.mcap_physical = value.get<std::uint64_t>();
                } else {
                    std::string s = string_of(value, "capped-memory.physical");
                    c.mcap_physical = parse_size(s, false);
                    if (!c.mcap_physical)
                        throw Bad{fmt::format("capped-memory.physical: '{}' is not a size", s)};
                }
            }
        }
        return c;
    } catch (const Bad& b) {
        return fail(b.line);
    }
}

}  // namespace zones::zonecfg
