// Commands on the zone as a whole: create, delete, revert, export, info.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "zones/xml.hpp"
#include "zonecfg/export.hpp"
#include "zonecfg/info.hpp"
#include "zonecfg/json.hpp"
#include "zonecfg/session_impl.hpp"

namespace zones::zonecfg {
namespace {

// create -a PATH: the configuration a detach left in PATH/SUNWdetached.xml.
std::optional<ZoneConfig> detached(const std::string& path, std::ostream& err) {
    std::string file = path + "/SUNWdetached.xml";
    std::ifstream in(file);
    if (!in) {
        err << "invalid path to detached zone\n";
        return std::nullopt;
    }
    std::stringstream text;
    text << in.rdbuf();
    try {
        return from_xml(text.str(), file);
    } catch (const ZoneError& e) {
        err << e.what() << '\n';
        return std::nullopt;
    }
}

}  // namespace

void Session::Impl::cmd_create(const Command& c) {
    Options o;
    if (!flags(c, "?a:bFt:", o) || read_only(c.cmd))
        return;
    // -b and -t each name the template; the last given wins, as in
    // illumos' getopt loop (Ansible's solaris_zone writes "create -b" and
    // then its create_options, e.g. "-t debian").
    std::string tmpl = "SUNWdefault";
    for (char f : o.order) {
        if (f == 'b')
            tmpl = "SUNWblank";
        else if (f == 't')
            tmpl = o.set['t'];
    }

    bool existed = zone == "global" || exists(zone);
    if (existed) {
        if (zone == "global" || state_atleast(ZoneState::Installed)) {
            error(fmt::format("Zone {} already installed; create not allowed.", zone));
            return;
        }
        if (o.has('F')) {
            out << fmt::format("Zone {} already exists; overwriting.\n", zone);
        } else {
            auto answer = ask(fmt::format("Zone {} already exists; create anyway", zone));
            if (!answer) {
                fatal_exit("Zone exists, input not from terminal and -F not specified:\n"
                           "create command ignored, exiting.");
                return;
            }
            if (!*answer)
                return;
        }
    }

    std::optional<ZoneConfig> base;
    if (o.has('a')) {
        base = detached(o.set['a'], err);
        if (!base) {
            saw_error = true;
            return;
        }
    } else {
        try {
            base = backend.load_template(tmpl);
        } catch (const ZoneError& e) {
            error(e.what());
            return;
        }
        if (!base) {
            perror(tmpl, Z::NoZone);
            return;
        }
    }
    base->name = zone;   // "copy, rename" is how create -b/-t work
    cfg = std::move(base);
    got_handle = true;
    dirty = true;
    edit.reset();
    saved_name = existed ? zone : "";
}

void Session::Impl::cmd_delete(const Command& c) {
    Options o;
    if (!flags(c, "?F", o) || read_only(c.cmd))
        return;
    bool force = o.has('F');
    if (!force) {
        if (!initialize())
            return;
        auto answer = ask(fmt::format("Are you sure you want to delete zone {}", zone));
        if (!answer) {
            fatal_exit("Input not from terminal and -F not specified:\n"
                       "delete command ignored, exiting.");
            return;
        }
        if (!*answer)
            return;
    }
    bool had_handle = cfg.has_value();
    try {
        backend.remove(zone, force);
    } catch (const ZoneError& e) {
        if (e.kind() == ErrorKind::InvalidState && !force)
            error(fmt::format("Zone {} not in configured state; delete not allowed.  "
                              "Use -F to force delete.", zone));
        else
            error(e.what());
    }
    dirty = false;
    edit.reset();
    if (force && !had_handle && opts.interactive)
        out << "Use 'create' to begin configuring a new zone.\n";
    // A fresh handle: the zone is normally gone now.
    cfg.reset();
    saved_name.clear();
    try {
        if (auto again = backend.load(zone)) {
            cfg = std::move(again);
            saved_name = zone;
        } else {
            got_handle = false;
        }
    } catch (const ZoneError& e) {
        error(e.what());
    }
}

void Session::Impl::cmd_revert(const Command& c) {
    Options o;
    if (!flags(c, "?F", o) || read_only(c.cmd))
        return;
    if (edit) {
        error("You can only use revert in the global scope.\n"
              "Use 'cancel' to cancel changes to a resource specification.");
        return;
    }
    if (!cfg) {
        error("No changes to revert.");
        return;
    }
    if (!o.has('F')) {
        auto answer = ask("Are you sure you want to revert");
        if (!answer) {
            fatal_exit("Input not from terminal and -F not specified:\n"
                       "revert command ignored, exiting.");
            return;
        }
        if (!*answer)
            return;
    }
    std::optional<ZoneConfig> saved;
    try {
        saved = backend.load(revert_zone);
    } catch (const ZoneError& e) {
        error(e.what());
    }
    if (!saved) {
        if (!saw_error)
            error(fmt::format("{}: no such saved zone to revert to.", revert_zone));
        got_handle = false;
        saved_name.clear();
    } else {
        saved_name = revert_zone;
    }
    cfg = std::move(saved);
    zone = revert_zone;
    dirty = false;
}

void Session::Impl::cmd_export(const Command& c) {
    Options o;
    if (!flags(c, "?f:o:", o) || !json_format(c, o) || !initialize())
        return;
    std::string error_text;
    std::optional<std::string> text = o.has('o') ? dump(config_to_json(*cfg, false))
                                                 : export_config(*cfg, &error_text);
    if (!text) {
        error(error_text);
        return;
    }
    if (!o.has('f')) {
        out << *text;
        return;
    }
    const std::string& file = o.set['f'];
    std::ofstream f(file, std::ios::trunc);
    if (f)
        f << *text;
    if (!f || !f.flush())
        error(fmt::format("opening file {}: {}", file, std::strerror(errno)));
}

bool Session::Impl::json_format(const Command& c, const Options& o) {
    if (!o.has('o'))
        return true;
    if (o.set.at('o') == "json")
        return true;
    error(fmt::format("{}: unknown output format '{}' (the only one is 'json')",
                      c.cmd == Cmd::Export ? "export" : "info", o.set.at('o')));
    return false;
}

namespace {

// The limit of an rctl's first value as a number when it is one.
nlohmann::ordered_json rctl_limit(const ZoneConfig& cfg, std::string_view name) {
    const Rctl* r = cfg.find_rctl(name);
    if (r == nullptr || r->values.empty())
        return nullptr;
    const std::string& l = r->values.front().limit;
    if (!l.empty() && l.find_first_not_of("0123456789") == std::string::npos && l.size() < 20)
        return std::stoull(l);
    return l;
}

nlohmann::ordered_json capped_memory_json(const ZoneConfig& cfg, std::optional<std::uint64_t> physical) {
    nlohmann::ordered_json o = nlohmann::ordered_json::object();
    if (physical)
        o["physical"] = *physical;
    if (auto v = rctl_limit(cfg, "zone.max-swap"); !v.is_null())
        o["swap"] = v;
    if (auto v = rctl_limit(cfg, "zone.max-locked-memory"); !v.is_null())
        o["locked"] = v;
    return o;
}

nlohmann::ordered_json capped_cpu_json(const ZoneConfig& cfg) {
    nlohmann::ordered_json o = nlohmann::ordered_json::object();
    auto v = rctl_limit(cfg, "zone.cpu-cap");   // stored as ncpus x 100
    if (v.is_number())
        o["ncpus"] = fmt::format("{:.2f}", static_cast<double>(v.get<std::uint64_t>()) / 100.0);
    return o;
}

template <class R>
nlohmann::ordered_json matching(const std::vector<R>& all, const Filters& filters) {
    R filter{};
    for (const auto& [name, value] : filters)
        if (std::string* f = field(filter, name))
            *f = value;
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const R& r : all)
        if (matches(r, filter))
            a.push_back(resource_to_json(r));
    return a;
}

template <class R>
nlohmann::ordered_json matching(const std::optional<R>& one, const Filters& filters) {
    std::vector<R> all;
    if (one)
        all.push_back(*one);
    return matching(all, filters);
}

}  // namespace

// info -o json: the same selections as the text form, as JSON.
void Session::Impl::info_json(const Command& c) {
    const ZoneConfig& cf = *cfg;
    nlohmann::ordered_json j;
    if (edit) {
        const Edit& e = *edit;
        switch (e.type) {
        case Res::Fs: j = resource_to_json(e.fs); break;
        case Res::Ipd: j = resource_to_json(e.ipd); break;
        case Res::Net: j = resource_to_json(e.net); break;
        case Res::Device: j = resource_to_json(e.device); break;
        case Res::Rctl: j = resource_to_json(e.rctl); break;
        case Res::Attr: j = resource_to_json(e.attr); break;
        case Res::Dataset: j = resource_to_json(e.dataset); break;
        case Res::Dcpu: j = resource_to_json(e.dcpu); break;
        case Res::Pcap: j = capped_cpu_json(cf); break;
        case Res::Mcap: j = capped_memory_json(cf, e.physical); break;
        case Res::Admin: j = resource_to_json(e.admin); break;
        case Res::Secflags: j = resource_to_json(e.secflags); break;
        }
        out << dump(j);
        return;
    }
    if (!c.property.empty()) {
        const nlohmann::ordered_json all = config_to_json(cf, true);
        if (auto it = all.find(c.property); it != all.end())
            j[c.property] = *it;
        else if (auto v = rctl_limit(cf, fmt::format("zone.{}", c.property)); !v.is_null())
            j[c.property] = v;   // an rctl alias such as max-lwps
        else
            j[c.property] = nullptr;
        out << dump(j);
        return;
    }
    if (c.resource.empty()) {
        out << dump(config_to_json(cf, true));
        return;
    }
    Res type = *res_from_name(c.resource);
    Filters filters;
    for (const auto& p : c.props) {
        if (p.value.kind != Value::Kind::Simple) {
            error("A simple value was expected here.");
            return;
        }
        if (!resource_has_property(type, p.name)) {
            perror(p.name, Z::NoPropertyType);
            return;
        }
        filters.emplace_back(p.name, p.value.simple);
    }
    switch (type) {
    case Res::Fs: j = matching(cf.fs, filters); break;
    case Res::Ipd: j = matching(cf.ipds, filters); break;
    case Res::Net: j = matching(cf.nets, filters); break;
    case Res::Device: j = matching(cf.devices, filters); break;
    case Res::Rctl: j = matching(cf.rctls, filters); break;
    case Res::Attr: j = matching(cf.attrs, filters); break;
    case Res::Dataset: j = matching(cf.datasets, filters); break;
    case Res::Dcpu: j = matching(cf.dedicated_cpu, filters); break;
    case Res::Admin: j = matching(cf.admins, filters); break;
    case Res::Secflags: j = matching(cf.security_flags, filters); break;
    case Res::Pcap:
        j = nlohmann::ordered_json::array();
        if (auto o = capped_cpu_json(cf); !o.empty())
            j.push_back(o);
        break;
    case Res::Mcap:
        j = nlohmann::ordered_json::array();
        if (auto o = capped_memory_json(cf, cf.mcap_physical); !o.empty())
            j.push_back(o);
        break;
    }
    out << dump(j);
}

void Session::Impl::cmd_info(const Command& c) {
    Options o;
    if (!flags(c, "?o:", o) || !json_format(c, o) || !initialize())
        return;
    if (o.has('o')) {
        info_json(c);
        return;
    }
    if (edit) {
        // The resource being edited.
        const Edit& e = *edit;
        switch (e.type) {
        case Res::Fs: out << info_block(e.fs); break;
        case Res::Ipd: out << info_block(e.ipd); break;
        case Res::Net: out << info_block(e.net); break;
        case Res::Device: out << info_block(e.device); break;
        case Res::Rctl: out << info_block(e.rctl); break;
        case Res::Attr: out << info_block(e.attr); break;
        case Res::Dataset: out << info_block(e.dataset); break;
        case Res::Dcpu: out << info_block(e.dcpu); break;
        case Res::Pcap: out << info_capped_cpu(*cfg); break;
        case Res::Mcap: out << info_capped_memory(*cfg, e.physical); break;
        case Res::Admin: out << info_block(e.admin); break;
        case Res::Secflags: out << info_block(e.secflags); break;
        }
        return;
    }
    if (!c.property.empty()) {
        out << info_property(*cfg, c.property);
        return;
    }
    if (c.resource.empty()) {
        out << info_zone(*cfg);
        return;
    }
    Res type = *res_from_name(c.resource);
    Filters filters;
    bool usable = true;
    for (const auto& p : c.props) {
        if (p.value.kind != Value::Kind::Simple) {
            error("A simple value was expected here.");
            usable = false;
        } else if (!resource_has_property(type, p.name)) {
            perror(p.name, Z::NoPropertyType);
            usable = false;
        } else {
            filters.emplace_back(p.name, p.value.simple);
        }
    }
    bool matched = true;
    std::string text = usable ? info_resources(*cfg, type, filters, &matched) : "";
    out << text;
    if (!usable || !matched)
        out << fmt::format("No such {} resource.\n", res_name(type));
}

}  // namespace zones::zonecfg
