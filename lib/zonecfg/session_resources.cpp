// Resources in the global scope: add, select and remove them.
#include <fmt/format.h>

#include "zonecfg/alias.hpp"
#include "zonecfg/help.hpp"
#include "zonecfg/session_impl.hpp"
#include "zonecfg/values.hpp"

namespace zones::zonecfg {

// --- add ----------------------------------------------------------------------

void Session::Impl::cmd_add(const Command& c) {
    Options o;
    if (!flags(c, "?", o) || read_only(c.cmd) || !initialize())
        return;
    if (edit)
        add_property(c);
    else
        add_resource(c);
}

void Session::Impl::add_resource(const Command& c) {
    if (c.resource.empty()) {
        long_usage(Cmd::Add);
        return;
    }
    Res type = *res_from_name(c.resource);
    const ZoneConfig& cf = *cfg;
    switch (type) {
    case Res::Ipd:
        if (state_atleast(ZoneState::Installed)) {
            error(fmt::format("Zone {} already installed; add inherit-pkg-dir not allowed.", zone));
            return;
        }
        break;
    case Res::Dcpu:
        if (cf.dedicated_cpu) {
            error("The dedicated-cpu resource already exists.");
            return;
        }
        if (get_alias(cf, cpu_cap_alias()) != AliasState::NoEntry) {
            error("The capped-cpu resource already exists.");
            return;
        }
        if (!cf.pool.empty()) {
            error("The pool property is already set.  A persistent pool is incompatible with\n"
                  "the dedicated-cpu resource.");
            return;
        }
        break;
    case Res::Pcap:
        if (cf.dedicated_cpu) {
            error("The dedicated-cpu resource already exists.");
            return;
        }
        switch (get_alias(cf, cpu_cap_alias())) {
        case AliasState::Disallow:
            perror("capped-cpu", Z::AliasDisallow);
            return;
        case AliasState::Ok:
            error("The capped-cpu resource already exists.");
            return;
        case AliasState::NoEntry:
            break;
        }
        break;
    case Res::Mcap:
        if (cf.mcap_physical || get_alias(cf, max_swap_alias()) == AliasState::Ok ||
            get_alias(cf, max_locked_alias()) == AliasState::Ok) {
            error("The capped-memory resource or a related resource control already exists.");
            return;
        }
        break;
    case Res::Secflags:
        if (cf.security_flags) {
            error("The security-flags resource already exists.");
            return;
        }
        break;
    default:
        break;
    }
    edit.emplace();
    edit->type = type;
}

// --- select -------------------------------------------------------------------

namespace {

template <class R>
std::optional<R> filter_from(const std::vector<Property>& props) {
    R filter{};
    for (const auto& p : props) {
        std::string* f = field(filter, p.name);
        if (!f)
            return std::nullopt;
        *f = p.value.simple;
    }
    return filter;
}

// libzonecfg's lookup: exactly one resource must match the given properties.
template <class R>
std::optional<std::size_t> find_one(Session::Impl& s, Cmd cmd, Res type,
                                    const std::vector<R>& items,
                                    const std::vector<Property>& props) {
    for (const auto& p : props) {
        if (p.value.kind != Value::Kind::Simple) {
            s.error("A simple value was expected here.");
            s.cmd_perror(cmd, type, Z::InsufficientSpec);
            return std::nullopt;
        }
        if (!has_field<R>(p.name)) {
            s.perror(p.name, Z::NoPropertyType);
            s.cmd_perror(cmd, type, Z::InsufficientSpec);
            return std::nullopt;
        }
    }
    R filter = *filter_from<R>(props);
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!matches(items[i], filter))
            continue;
        if (found) {
            s.cmd_perror(cmd, type, Z::InsufficientSpec);
            return std::nullopt;
        }
        found = i;
    }
    if (!found)
        s.cmd_perror(cmd, type, Z::NoResourceId);
    return found;
}

template <class R>
bool select_one(Session::Impl& s, Res type, const std::vector<R>& items,
                const std::vector<Property>& props, R& into) {
    auto i = find_one(s, Cmd::Select, type, items, props);
    if (!i)
        return false;
    into = items[*i];
    s.edit->index = *i;
    return true;
}

}  // namespace

void Session::Impl::cmd_select(const Command& c) {
    if (read_only(c.cmd))
        return;
    if (edit) {
        scope_usage(Cmd::Select);
        return;
    }
    if (!initialize())
        return;
    Res type = *res_from_name(c.resource);
    if (type == Res::Ipd && state_atleast(ZoneState::Installed)) {
        error(fmt::format("Zone {} already installed; select inherit-pkg-dir not allowed.", zone));
        return;
    }
    const ZoneConfig& cf = *cfg;
    edit.emplace();
    edit->type = type;
    edit->adding = false;
    bool ok = true;
    switch (type) {
    case Res::Fs: ok = select_one(*this, type, cf.fs, c.props, edit->fs); break;
    case Res::Ipd: ok = select_one(*this, type, cf.ipds, c.props, edit->ipd); break;
    case Res::Net: ok = select_one(*this, type, cf.nets, c.props, edit->net); break;
    case Res::Device: ok = select_one(*this, type, cf.devices, c.props, edit->device); break;
    case Res::Rctl: ok = select_one(*this, type, cf.rctls, c.props, edit->rctl); break;
    case Res::Attr: ok = select_one(*this, type, cf.attrs, c.props, edit->attr); break;
    case Res::Dataset: ok = select_one(*this, type, cf.datasets, c.props, edit->dataset); break;
    case Res::Admin: ok = select_one(*this, type, cf.admins, c.props, edit->admin); break;
    case Res::Dcpu:
        ok = cf.dedicated_cpu.has_value();
        if (ok)
            edit->dcpu = *cf.dedicated_cpu;
        else
            cmd_perror(Cmd::Select, type, Z::NoEntry);
        break;
    case Res::Pcap:
        switch (get_alias(cf, cpu_cap_alias())) {
        case AliasState::Ok: break;
        case AliasState::NoEntry: ok = false; cmd_perror(Cmd::Select, type, Z::NoEntry); break;
        case AliasState::Disallow: ok = false; cmd_perror(Cmd::Select, type, Z::AliasDisallow); break;
        }
        break;
    case Res::Mcap:
        ok = cf.mcap_physical || get_alias(cf, max_swap_alias()) == AliasState::Ok ||
             get_alias(cf, max_locked_alias()) == AliasState::Ok;
        if (ok)
            edit->physical = cf.mcap_physical;
        else
            cmd_perror(Cmd::Select, type, Z::NoResourceType);
        break;
    case Res::Secflags:
        ok = cf.security_flags.has_value();
        if (ok)
            edit->secflags = *cf.security_flags;
        else
            cmd_perror(Cmd::Select, type, Z::NoEntry);
        break;
    }
    if (!ok)
        edit.reset();
}

// --- remove -------------------------------------------------------------------

namespace {

template <class R>
bool remove_from(Session::Impl& s, Res type, std::vector<R>& items, const Command& c, bool force) {
    if (!c.props.empty()) {
        auto i = find_one(s, Cmd::Remove, type, items, c.props);
        if (!i)
            return false;
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(*i));
        return true;
    }
    // Unqualified: all of them, asking first when there are several.
    if (items.empty()) {
        s.cmd_perror(Cmd::Remove, type, Z::NoEntry);
        return false;
    }
    if (items.size() > 1 && !force) {
        if (!s.opts.interactive) {
            s.error("There are multiple instances of this resource.  Either qualify the "
                    "resource to\nremove a single instance or use the -F option to remove "
                    "all instances.");
            return false;
        }
        auto answer = s.ask(fmt::format("Are you sure you want to remove ALL '{}' resources",
                                        res_name(type)));
        if (!answer) {
            s.error("Resource incomplete.");
            return false;
        }
        if (!*answer)
            return false;
    }
    items.clear();
    return true;
}

}  // namespace

void Session::Impl::cmd_remove(const Command& c) {
    if (read_only(c.cmd))
        return;
    if (edit) {
        if (!initialize())
            return;
        remove_property(c);
        return;
    }
    if (c.resource.empty()) {
        long_usage(Cmd::Remove);
        return;
    }
    Options o;
    if (!flags(c, "?F", o) || !initialize())
        return;
    remove_resource(c, o.has('F'));
}

void Session::Impl::remove_resource(const Command& c, bool force) {
    Res type = *res_from_name(c.resource);
    ZoneConfig& cf = *cfg;
    bool removed = false;
    switch (type) {
    case Res::Fs: removed = remove_from(*this, type, cf.fs, c, force); break;
    case Res::Ipd:
        if (state_atleast(ZoneState::Installed)) {
            error(fmt::format("Zone {} already installed; remove inherit-pkg-dir not allowed.",
                              zone));
            return;
        }
        removed = remove_from(*this, type, cf.ipds, c, force);
        break;
    case Res::Net: removed = remove_from(*this, type, cf.nets, c, force); break;
    case Res::Device: removed = remove_from(*this, type, cf.devices, c, force); break;
    case Res::Rctl: removed = remove_from(*this, type, cf.rctls, c, force); break;
    case Res::Attr: removed = remove_from(*this, type, cf.attrs, c, force); break;
    case Res::Dataset: removed = remove_from(*this, type, cf.datasets, c, force); break;
    case Res::Admin: removed = remove_from(*this, type, cf.admins, c, force); break;
    case Res::Dcpu:
        removed = cf.dedicated_cpu.has_value();
        if (!removed)
            cmd_perror(Cmd::Remove, type, Z::NoEntry);
        cf.dedicated_cpu.reset();
        break;
    case Res::Pcap:
        removed = get_alias(cf, cpu_cap_alias()) == AliasState::Ok;
        if (!removed)
            cmd_perror(Cmd::Remove, type, Z::NoResourceType);
        remove_alias(cf, cpu_cap_alias());
        break;
    case Res::Mcap:
        removed = cf.mcap_physical || get_alias(cf, max_swap_alias()) == AliasState::Ok ||
                  get_alias(cf, max_locked_alias()) == AliasState::Ok;
        if (!removed)
            cmd_perror(Cmd::Remove, type, Z::NoResourceType);
        cf.mcap_physical.reset();
        remove_alias(cf, max_swap_alias());
        remove_alias(cf, max_locked_alias());
        break;
    case Res::Secflags:
        removed = cf.security_flags.has_value();
        if (!removed)
            cmd_perror(Cmd::Remove, type, Z::NoEntry);
        cf.security_flags.reset();
        break;
    }
    if (removed)
        dirty = true;
}

}  // namespace zones::zonecfg
