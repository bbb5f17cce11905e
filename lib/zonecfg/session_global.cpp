// set and clear: global properties and the rctl aliases; the resource-scope
// cases are in session_scope.cpp.
#include <array>

#include <fmt/format.h>

#include "zonecfg/alias.hpp"
#include "zonecfg/help.hpp"
#include "zonecfg/session_impl.hpp"
#include "zonecfg/values.hpp"

namespace zones::zonecfg {
namespace {

bool global_property(std::string_view p) {
    static constexpr std::array<std::string_view, 11> k = {
        "zonename", "zonepath", "autoboot", "brand", "pool", "limitpriv", "bootargs",
        "scheduling-class", "ip-type", "hostid", "fs-allowed"};
    for (auto g : k)
        if (g == p)
            return true;
    return global_alias(p) != nullptr;
}

// The plain string members `set`/`clear` treat alike.
std::string* plain_member(ZoneConfig& c, std::string_view p) {
    if (p == "limitpriv") return &c.limitpriv;
    if (p == "bootargs") return &c.bootargs;
    if (p == "scheduling-class") return &c.scheduling_class;
    if (p == "hostid") return &c.hostid;
    if (p == "fs-allowed") return &c.fs_allowed;
    if (p == "pool") return &c.pool;
    return nullptr;
}

}  // namespace

void Session::Impl::cmd_set(const Command& c) {
    if (read_only(c.cmd))
        return;
    Options o = getopt(c.args, "F");
    if (o.help) {
        longer_usage(c.cmd);
        return;
    }
    if (o.bad) {
        short_usage(c.cmd);
        return;
    }
    const Property& p = c.props.front();
    if (!edit && !global_property(p.name)) {
        error("Cannot set a resource-specific property from the global scope.");
        return;
    }
    if (o.has('F')) {
        // Only an alternate root may move an installed zone's path; there is none.
        if (edit || p.name != "zonepath")
            error("Only zonepath setting can be forced.");
        else
            error("Zonepath is changeable only in an alternate root.");
        return;
    }
    bool list_ok = edit && ((edit->type == Res::Fs && p.name == "options") ||
                            (edit->type == Res::Rctl && p.name == "value"));
    if (!list_ok && p.value.kind != Value::Kind::Simple) {
        error("A simple value was expected here.");
        return;
    }
    if (edit)
        set_property(p.name, p.value);
    else
        set_global(p.name, p.value.simple);
}

void Session::Impl::set_global(const std::string& prop, const std::string& v) {
    // Before `create` the name of the zone to configure may still change.
    if (prop == "zonename" && !got_handle && !state_atleast(ZoneState::Configured)) {
        if (!valid_zone_name(v)) {
            perror(v, Z::BogusZoneName);
            usage_err(kHelpSyntax);
            return;
        }
        zone = v;
        return;
    }
    if (!initialize())
        return;
    ZoneConfig& cf = *cfg;
    if (prop == "zonename") {
        if (!valid_zone_name(v)) {
            perror(v, Z::BogusZoneName);
            usage_err(kHelpSyntax);
            return;
        }
        if (v != zone) {
            if (state_atleast(ZoneState::Ready)) {
                perror(v, Z::BadZoneState);
                return;
            }
            if (exists(v)) {
                perror(v, Z::NameInUse);
                return;
            }
        }
        cf.name = v;
        zone = v;
    } else if (prop == "zonepath" || prop == "brand") {
        if (state_atleast(ZoneState::Installed)) {
            error(fmt::format("Zone {} already installed; set {} not allowed.", zone, prop));
            return;
        }
        if (prop == "zonepath") {
            if (auto e = zonepath_error(v)) {
                error(*e);
                return;
            }
            cf.zonepath = v;
        } else {
            cf.brand = v;
        }
    } else if (prop == "autoboot") {
        if (v != "true" && v != "false") {
            error("autoboot value must be 'true' or 'false'.");
            return;
        }
        cf.autoboot = v == "true";
    } else if (prop == "ip-type") {
        if (v != "shared" && v != "exclusive") {
            error("ip-type value must be 'shared' or 'exclusive'.");
            return;
        }
        cf.ip_type = v;
    } else if (prop == "pool") {
        if (v.starts_with("SUNW")) {
            error("pool names starting with SUNW are reserved.");
            return;
        }
        if (cf.dedicated_cpu) {
            error("The dedicated-cpu resource already exists.  A persistent pool is "
                  "incompatible\nwith the dedicated-cpu resource.");
            return;
        }
        cf.pool = v;
    } else if (std::string* member = plain_member(cf, prop)) {
        *member = v;
    } else if (const Alias* a = global_alias(prop)) {
        std::string text = v;
        if (a->size) {
            auto bytes = parse_size(v, true);
            if (!bytes) {
                error("A non-negative number with a required scale suffix (K, M, G or T) "
                      "was expected\nhere.");
                return;
            }
            text = std::to_string(*bytes);
        }
        auto limit = parse_uint(text);
        if (!alias_ok(cf, *a)) {
            perror(prop, Z::AliasDisallow);
            return;
        }
        if (!limit || *limit < a->min) {
            error(fmt::format("{} property is out of range.", prop));
            return;
        }
        set_alias(cf, *a, *limit);
    }
    dirty = true;
}

void Session::Impl::cmd_clear(const Command& c) {
    if (read_only(c.cmd))
        return;
    if (edit)
        clear_property(c.property);
    else
        clear_global(c.property);
}

void Session::Impl::clear_global(const std::string& prop) {
    if (!initialize())
        return;
    ZoneConfig& cf = *cfg;
    if (prop == "zonename" || prop == "zonepath" || prop == "brand") {
        perror(prop, Z::ClearDisallow);
        return;
    }
    if (prop == "autoboot") {
        cf.autoboot = false;   // false is the default, so clearing sets it
    } else if (prop == "ip-type") {
        cf.ip_type = "shared";
    } else if (std::string* member = plain_member(cf, prop)) {
        member->clear();
    } else if (const Alias* a = global_alias(prop)) {
        switch (get_alias(cf, *a)) {
        case AliasState::NoEntry:
            error(fmt::format("clear {}: {}", prop, strerror(Z::NoEntry)));
            return;
        case AliasState::Disallow:
            error(fmt::format("clear {}: {}", prop, strerror(Z::AliasDisallow)));
            return;
        case AliasState::Ok:
            remove_alias(cf, *a);
            break;
        }
    } else {
        perror(prop, Z::NoPropertyType);
        long_usage(Cmd::Clear);
        usage_err(kHelpProps);
        return;
    }
    dirty = true;
}

}  // namespace zones::zonecfg
