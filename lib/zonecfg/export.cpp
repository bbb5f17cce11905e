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
    Writer w;
    w.line("create -b");
    w.set("zonepath", c.zonepath, "");
    w.set("brand", c.brand, "");
    w.line(fmt::format("set autoboot={}", c.autoboot ? "true" : "false"));
    w.set("bootargs", c.bootargs, "");
    w.set("pool", c.pool, "");
    w.set("limitpriv", c.limitpriv, "");
    w.set("scheduling-class", c.scheduling_class, "");
    w.set("ip-type", c.ip_type, "");
    w.set("hostid", c.hostid, "");
    w.set("fs-allowed", c.fs_allowed, "");
    // inherit-pkg-dir before fs, as Solaris 10 exported it.
    for (const auto& r : c.ipds) {
        w.resource("inherit-pkg-dir", r);
        w.line("end");
    }
    for (const auto& r : c.fs) {
        w.resource("fs", r);
        for (const auto& o : r.options) {
            w.check(o, "options", "fs");
            w.line(fmt::format("add options {}", quote(o)));
        }
        w.line("end");
    }
    for (const auto& r : c.nets) {
        w.resource("net", r);
        w.line("end");
    }
    for (const auto& r : c.devices) {
        w.resource("device", r);
        w.line("end");
    }
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
    for (const auto& r : c.attrs) {
        w.resource("attr", r);
        w.line("end");
    }
    for (const auto& r : c.datasets) {
        w.resource("dataset", r);
        w.line("end");
    }
    if (c.dedicated_cpu) {
        w.resource("dedicated-cpu", *c.dedicated_cpu);
        w.line("end");
    }
    for (const auto& r : c.admins) {
        w.resource("admin", r);
        w.line("end");
    }
    if (c.security_flags) {
        w.resource("security-flags", *c.security_flags);
        w.line("end");
    }
    if (w.error_) {
        if (error)
            *error = *w.error_;
        return std::nullopt;
    }
    return w.out_;
}

}  // namespace zones::zonecfg
