// The properties of the resource being edited: set, clear, and add or
// remove list items (fs options, rctl values).
#include <algorithm>

#include <fmt/format.h>

#include "zonecfg/alias.hpp"
#include "zonecfg/help.hpp"
#include "zonecfg/session_impl.hpp"
#include "zonecfg/values.hpp"

namespace zones::zonecfg {

constexpr std::uint64_t kOneMB = 1048576;

// --- add / remove list items ----------------------------------------------------

void Session::Impl::add_property(const Command& c) {
    if (c.props.empty() || c.pairs_form) {
        long_usage(Cmd::Add);
        return;
    }
    const Property& p = c.props.front();
    auto no_such_property = [&] {
        perror(p.name, Z::NoPropertyType);
        long_usage(Cmd::Add);
        usage_err(kHelpProps);
    };
    switch (edit->type) {
    case Res::Fs:
        if (p.name != "options")
            return no_such_property();
        if (p.value.kind == Value::Kind::Complex) {
            error("A simple or list value was expected here.");
            return;
        }
        if (p.value.kind == Value::Kind::Simple) {
            edit->fs.options.push_back(p.value.simple);
            return;
        }
        for (const auto& item : p.value.list) {
            if (item.complex)
                break;   // as upstream: a list stops at its first non-simple item
            edit->fs.options.push_back(item.simple);
        }
        return;
    case Res::Rctl:
        if (p.name != "value")
            return no_such_property();
        if (p.value.kind == Value::Kind::Simple) {
            error("A complex or list value was expected here.");
            return;
        }
        if (p.value.kind == Value::Kind::Complex) {
            add_rctl_value(p.value.pairs);
            return;
        }
        for (const auto& item : p.value.list)
            add_rctl_value(item.complex ? item.pairs : std::vector<Pair>{});
        return;
    default:
        perror(res_name(edit->type), Z::NoResourceType);
        long_usage(Cmd::Add);
        usage_err(kHelpResources);
        return;
    }
}

void Session::Impl::add_rctl_value(const std::vector<Pair>& pairs) {
    RctlValue v;
    bool seen_priv = false, seen_limit = false, seen_action = false;
    for (const auto& p : pairs) {
        bool* seen = nullptr;
        std::string* slot = nullptr;
        if (p.name == "priv") {
            seen = &seen_priv;
            slot = &v.priv;
        } else if (p.name == "limit") {
            seen = &seen_limit;
            slot = &v.limit;
        } else if (p.name == "action") {
            seen = &seen_action;
            slot = &v.action;
        } else {
            perror("value", Z::NoPropertyType);
            long_usage(Cmd::Add);
            usage_err(kHelpProps);
            return;
        }
        if (*seen) {
            error(fmt::format("{} already specified", p.name));
            return;
        }
        *seen = true;
        *slot = p.value;
    }
    if (!seen_priv)
        error("priv not specified");
    if (!seen_limit)
        error("limit not specified");
    if (!seen_action)
        error("action not specified");
    if (!seen_priv || !seen_limit || !seen_action)
        return;
    if (!valid_rctl_value(v)) {
        error("Invalid rctl value specification");
        return;
    }
    edit->rctl.values.push_back(std::move(v));
}

void Session::Impl::remove_property(const Command& c) {
    if (c.props.empty() || c.pairs_form) {
        long_usage(Cmd::Remove);
        return;
    }
    const Property& p = c.props.front();
    auto no_such_property = [&] {
        perror(p.name, Z::NoPropertyType);
        long_usage(Cmd::Remove);
        usage_err(kHelpProps);
    };
    auto drop_option = [&](const std::string& opt) {
        auto& opts_ = edit->fs.options;
        auto it = std::find(opts_.begin(), opts_.end(), opt);
        if (it == opts_.end())
            perror("options", Z::NoPropertyId);
        else
            opts_.erase(it);
    };
    switch (edit->type) {
    case Res::Fs:
        if (p.name != "options")
            return no_such_property();
        if (p.value.kind == Value::Kind::Complex) {
            error("A simple or list value was expected here.");
        } else if (p.value.kind == Value::Kind::Simple) {
            drop_option(p.value.simple);
        } else {
            for (const auto& item : p.value.list) {
                if (item.complex)
                    break;
                drop_option(item.simple);
            }
        }
        return;
    case Res::Rctl: {
        if (p.name != "value")
            return no_such_property();
        if (p.value.kind != Value::Kind::Complex) {
            error("A complex value was expected here.");
            return;
        }
        RctlValue v;
        for (const auto& pair : p.value.pairs) {
            if (pair.name == "priv") {
                v.priv = pair.value;
            } else if (pair.name == "limit") {
                v.limit = pair.value;
            } else if (pair.name == "action") {
                v.action = pair.value;
            } else {
                perror("value", Z::NoPropertyType);
                long_usage(Cmd::Add);
                usage_err(kHelpProps);
                return;
            }
        }
        auto& values = edit->rctl.values;
        auto it = std::find(values.begin(), values.end(), v);
        if (it == values.end())
            perror("value", Z::NoPropertyId);
        else
            values.erase(it);
        return;
    }
    case Res::Net:
        if (p.name != "defrouter")
            return no_such_property();
        edit->net.defrouter.clear();
        return;
    default:
        perror(res_name(edit->type), Z::NoResourceType);
        long_usage(Cmd::Remove);
        usage_err(kHelpResources);
        return;
    }
}

// --- set / clear inside a resource ----------------------------------------------

void Session::Impl::set_property(const std::string& prop, const Value& value) {
    const std::string& v = value.simple;
    ZoneConfig& cf = *cfg;
    Edit& e = *edit;
    auto no_such_property = [&] {
        perror(prop, Z::NoPropertyType);
        long_usage(Cmd::Set);
        usage_err(kHelpProps);
    };
    auto set_field = [&](auto& resource) {
        if (std::string* f = field(resource, prop))
            *f = v;
        else
            no_such_property();
    };
    auto checked_address = [&](bool host) {
        AddressCheck check = check_net_address(v, host);
        for (const auto& w : check.warnings)
            zerr(w);
        if (check.error) {
            error(*check.error);
            if (check.netaddr_help)
                usage_err(kHelpNetaddr);
            return false;
        }
        return true;
    };

    switch (e.type) {
    case Res::Fs:
        if (prop == "type" && !valid_fs_type(v)) {
            error(fmt::format("\"{}\" is not a valid type.", v));
        } else if (prop == "options") {
            if (value.kind == Value::Kind::Complex) {
                error("A simple or list value was expected here.");
                return;
            }
            e.fs.options.clear();
            if (value.kind == Value::Kind::Simple) {
                e.fs.options.push_back(v);
                return;
            }
            for (const auto& item : value.list) {
                if (item.complex)
                    break;
                e.fs.options.push_back(item.simple);
            }
        } else {
            set_field(e.fs);
        }
        return;
    case Res::Ipd: set_field(e.ipd); return;
    case Res::Net:
        if (prop == "address" || prop == "allowed-address" || prop == "defrouter") {
            if (checked_address(prop == "defrouter"))
                set_field(e.net);
        } else if (prop == "physical") {
            if (auto err_text = physical_error(v, cf.ip_type))
                error(*err_text);
            else
                e.net.physical = v;
        } else if (prop == "linkname") {
            if (auto err_text = linkname_error(v))
                error(*err_text);
            else
                e.net.linkname = v;
        } else {
            no_such_property();
        }
        return;
    case Res::Device: set_field(e.device); return;
    case Res::Rctl:
        if (prop == "name") {
            if (!valid_rctl_name(v))
                error(fmt::format("'{}' is not a valid zone rctl name.", v));
            else
                e.rctl.name = v;
        } else if (prop == "value") {
            if (value.kind == Value::Kind::Simple) {
                error("A complex or list value was expected here.");
                return;
            }
            e.rctl.values.clear();
            if (value.kind == Value::Kind::Complex) {
                add_rctl_value(value.pairs);
                return;
            }
            for (const auto& item : value.list)
                add_rctl_value(item.complex ? item.pairs : std::vector<Pair>{});
        } else {
            no_such_property();
        }
        return;
    case Res::Attr: set_field(e.attr); return;
    case Res::Dataset: set_field(e.dataset); return;
    case Res::Dcpu:
        if (prop == "ncpus") {
            auto dash = v.find('-');
            std::string low = v.substr(0, dash);
            std::string high = dash == std::string::npos ? low : v.substr(dash + 1);
            if (!valid_ncpus(low, high)) {
                error("ncpus property is out of range.");
                return;
            }
            e.dcpu.ncpus = low == high ? low : low + "-" + high;
        } else if (prop == "importance") {
            if (!valid_importance(v)) {
                error("importance property is out of range.");
                return;
            }
            e.dcpu.importance = v;
        } else {
            no_such_property();
        }
        return;
    case Res::Pcap: {
        if (prop != "ncpus")
            return no_such_property();
        auto cap = parse_cpu_cap(v);
        if (!cap) {
            error("ncpus property is out of range.");
            return;
        }
        if (!set_alias(cf, cpu_cap_alias(), *cap)) {
            perror(zone, Z::AliasDisallow);
            return;
        }
        dirty = true;
        return;
    }
    case Res::Mcap: {
        if (prop != "physical" && prop != "swap" && prop != "locked")
            return no_such_property();
        const Alias* a = prop == "swap" ? &max_swap_alias()
                         : prop == "locked" ? &max_locked_alias() : nullptr;
        if (a && !alias_ok(cf, *a)) {
            perror(prop == "swap" ? "max-swap" : "locked", Z::AliasDisallow);
            return;
        }
        auto bytes = parse_size(v, true);
        if (prop == "locked") {
            if (!bytes) {
                error("A non-negative number with a required scale suffix (K, M, G or T) "
                      "was expected\nhere.");
                return;
            }
        } else if (!bytes || *bytes == 0) {
            error("A positive number with a required scale suffix (K, M, G or T) was "
                  "expected here.");
            return;
        }
        if (prop == "physical") {
            if (*bytes < kOneMB) {
                error("physical value is too small.  It must be at least 1M.");
                return;
            }
            e.physical = *bytes;
            return;
        }
        if (prop == "swap" && *bytes < 50 * kOneMB) {
            error("swap value is too small.  It must be at least 50M.");
            return;
        }
        set_alias(cf, *a, *bytes);
        dirty = true;
        return;
    }
    case Res::Admin: set_field(e.admin); return;
    case Res::Secflags: set_field(e.secflags); return;
    }
}

void Session::Impl::clear_property(const std::string& prop) {
    if (!initialize())
        return;
    Edit& e = *edit;
    bool cleared = true;
    switch (e.type) {
    case Res::Fs:
        cleared = prop == "raw";
        if (cleared)
            e.fs.raw.clear();
        break;
    case Res::Net:
        // The optional net properties (upstream only has `remove defrouter`).
        cleared = prop == "address" || prop == "allowed-address" || prop == "defrouter" || prop == "linkname";
        if (cleared)
            field(e.net, prop)->clear();
        break;
    case Res::Dcpu:
        cleared = prop == "importance";
        if (cleared)
            e.dcpu.importance.clear();
        break;
    case Res::Mcap:
        if (prop == "physical") {
            e.physical.reset();
        } else if (prop == "swap" || prop == "locked") {
            const Alias& a = prop == "swap" ? max_swap_alias() : max_locked_alias();
            switch (get_alias(*cfg, a)) {
            case AliasState::NoEntry:
                error(fmt::format("clear {}: {}", prop, strerror(Z::NoEntry)));
                return;
            case AliasState::Disallow:
                error(fmt::format("clear {}: {}", prop, strerror(Z::AliasDisallow)));
                return;
            case AliasState::Ok:
                remove_alias(*cfg, a);
                break;
            }
        } else {
            cleared = false;
        }
        break;
    case Res::Secflags:
        if (std::string* f = field(e.secflags, prop))
            f->clear();
        else
            cleared = false;
        break;
    default:
        cleared = false;
        break;
    }
    if (!cleared) {
        perror(prop, Z::ClearDisallow);
        return;
    }
    dirty = true;
}

}  // namespace zones::zonecfg
