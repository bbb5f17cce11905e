// Commands on the zone as a whole: create, delete, revert, export, info.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "zones/xml.hpp"
#include "zonecfg/export.hpp"
#include "zonecfg/info.hpp"
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
    std::string tmpl = "SUNWdefault";
    if (o.has('b'))
        tmpl = "SUNWblank";
    if (o.has('t'))
        tmpl = o.set['t'];

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
    if (!flags(c, "?f:", o) || !initialize())
        return;
    std::string error_text;
    std::optional<std::string> text = export_config(*cfg, &error_text);
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

void Session::Impl::cmd_info(const Command& c) {
    if (!initialize())
        return;
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
