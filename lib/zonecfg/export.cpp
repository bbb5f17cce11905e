#include "zonecfg/export.hpp"

#include <fmt/format.h>

#include "zonecfg/resources.hpp"
#include "zonecfg/values.hpp"

namespace zones::zonecfg {
namespace {

class Writer {
public:
    void line(std::string_view s) {
        out_ += s;
        out_ += '\n';
    }
    void set(std::string_view prop, std::string_view value, std::string_view where) {
        if (value.empty())
            return;
        check(value, prop, where);
        line(fmt::format("set {}={}", prop, quote(value)));
    }
    template <class R>
    void resource(std::string_view type, const R& r) {
        line(fmt::format("add {}", type));
        for (const auto& f : fields<R>())
            set(f.name, r.*f.member, type);
    }
    void check(std::string_view value, std::string_view prop, std::string_view where) {
        if (exportable(value) || error_)
            return;
        error_ = where.empty()
                     ? fmt::format("cannot export: the {} value contains '\"', a control "
                                   "character or a non-ASCII byte, which zonecfg commands "
                                   "cannot express.", prop)
                     : fmt::format("cannot export: a {} {} value contains '\"', a control "
                                   "character or a non-ASCII byte, which zonecfg commands "
                                   "cannot express.", where, prop);
    }
    std::string out_;
    std::optional<std::string> error_;
};

}  // namespace

bool needs_quotes(std::string_view value) {
    if (value.empty())
        return true;
    for (unsigned char c : value) {
        if (c <= ' ' || c == 0x7f)
            return true;
        switch (c) {
        case '=': case ';': case ',': case '[': case ']': case '(': case ')': case '"': case '#':
            return true;
        default:
            break;
        }
    }
    return false;
}

std::string quote(std::string_view value) {
    if (!needs_quotes(value))
        return std::string(value);
    return fmt::format("\"{}\"", value);
}

bool exportable(std::string_view value) {
    for (char c : value)
        if (c == '"' || (c != '\t' && (c < ' ' || c > '~')))
            return false;
    return true;
}

std::optional<std::string> export_config(const ZoneConfig& c, std::string* error) {
    return export_changes(nullptr, c, error);
}

std::optional<std::string> export_changes(const ZoneConfig* from, const ZoneConfig& c,
                                          std::string* error) {
    Writer w;
    // A property or resource list is written when there is no `from` or it
    // differs there; a list that differs is removed whole, then added anew.
    // Removals come first, so that no old resource stands in the way of a
    // new property (a pool with the old dedicated-cpu, an ip-type with the
    // old nets).
    std::string removals;
    auto remove = [&](std::string_view type) { removals += fmt::format("remove -F {}\n", type); };
    auto differs = [&](auto member) { return from == nullptr || from->*member != c.*member; };
    auto global = [&](std::string_view prop, std::string ZoneConfig::*member) {
        if (!differs(member))
            return;
        if (from != nullptr && (c.*member).empty())
            w.line(fmt::format("clear {}", prop));
        else
            w.set(prop, c.*member, "");
    };
    if (from == nullptr)
        w.line("create -b");
    global("zonepath", &ZoneConfig::zonepath);
    global("brand", &ZoneConfig::brand);
    if (differs(&ZoneConfig::autoboot))
        w.line(fmt::format("set autoboot={}", c.autoboot ? "true" : "false"));
    global("bootargs", &ZoneConfig::bootargs);
    global("pool", &ZoneConfig::pool);
    global("limitpriv", &ZoneConfig::limitpriv);
    global("scheduling-class", &ZoneConfig::scheduling_class);
    global("ip-type", &ZoneConfig::ip_type);
    global("hostid", &ZoneConfig::hostid);
    global("fs-allowed", &ZoneConfig::fs_allowed);
    auto list = [&](std::string_view type, auto member, auto&& body) {
        if (!differs(member))
            return;
        if (from != nullptr && !(from->*member).empty())
            remove(type);
        for (const auto& r : c.*member) {
            w.resource(type, r);
            body(r);
            w.line("end");
        }
    };
    auto nothing = [](const auto&) {};
    // inherit-pkg-dir before fs, as Solaris 10 exported it.
    list("inherit-pkg-dir", &ZoneConfig::ipds, nothing);
    list("fs", &ZoneConfig::fs, [&](const Fs& r) {
        for (const auto& o : r.options) {
            w.check(o, "options", "fs");
            w.line(fmt::format("add options {}", quote(o)));
        }
    });
    list("net", &ZoneConfig::nets, nothing);
    list("device", &ZoneConfig::devices, nothing);
    // capped-memory holds physical and the swap and locked rctls, so it
    // goes with the rctls: both are removed and written again together.
    const bool memory_or_rctls = differs(&ZoneConfig::mcap_physical) || differs(&ZoneConfig::rctls);
    if (from != nullptr && memory_or_rctls) {
        // Every rctl first (swap and locked among them), then what is left
        // of capped-memory: physical.
        if (!from->rctls.empty())
            remove("rctl");
        if (from->mcap_physical)
            remove("capped-memory");
    }
    if (memory_or_rctls) {
        if (c.mcap_physical) {
            w.line("add capped-memory");
            w.line(fmt::format("set physical={}", size_with_suffix(*c.mcap_physical)));
            w.line("end");
        }
        // Every rctl, so the aliases and the swap, locked and cpu caps appear too.
        for (const auto& r : c.rctls) {
            w.resource("rctl", r);
            for (const auto& v : r.values) {
                w.check(v.priv, "priv", "rctl");
                w.check(v.limit, "limit", "rctl");
                w.check(v.action, "action", "rctl");
                w.line(fmt::format("add value (priv={},limit={},action={})", quote(v.priv),
                                   quote(v.limit), quote(v.action)));
            }
            w.line("end");
        }
    }
    list("attr", &ZoneConfig::attrs, nothing);
    list("dataset", &ZoneConfig::datasets, nothing);
    if (differs(&ZoneConfig::dedicated_cpu)) {
        if (from != nullptr && from->dedicated_cpu)
            remove("dedicated-cpu");
        if (c.dedicated_cpu) {
            w.resource("dedicated-cpu", *c.dedicated_cpu);
            w.line("end");
        }
    }
    list("admin", &ZoneConfig::admins, nothing);
    if (differs(&ZoneConfig::security_flags)) {
        if (from != nullptr && from->security_flags)
            remove("security-flags");
        if (c.security_flags) {
            w.resource("security-flags", *c.security_flags);
            w.line("end");
        }
    }
    if (w.error_) {
        if (error)
            *error = *w.error_;
        return std::nullopt;
    }
    return removals + w.out_;
}

}  // namespace zones::zonecfg
