// Random valid configurations whose values are full of blanks, = ; , [ ]
// ( ) #, keywords and empty strings: the round-trip tests' input (export,
// JSON) and the JSON schema test's samples.
#pragma once

#include <random>
#include <set>
#include <string>
#include <vector>

#include "zones/config.hpp"

namespace zones::zonecfg::test {

class Gen {
public:
    explicit Gen(unsigned seed) : rng_(seed) {}

    int num(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    bool coin(int percent = 50) { return num(1, 100) <= percent; }
    template <class T>
    const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(num(0, static_cast<int>(v.size()) - 1))]; }

    // Anything zonecfg can express: no '"', no newline.
    std::string text(int max = 12) {
        static const std::vector<std::string> words = {
            "net", "fs", "value", "name", "create", "end", "add", "dedicated-cpu", "default",
            "#", "?", "set", "exit", "=", ";", ",", "[]", "()", "x y", "", "zone.max-lwps"};
        if (coin(25))
            return pick(words);
        static const std::string chars =
            "abcXYZ019 \t=;,[]()#/-._*:!\\'${}?@%^&~|<>+";
        std::string s;
        int n = num(0, max);
        for (int i = 0; i < n; ++i)
            s += chars[static_cast<std::size_t>(num(0, static_cast<int>(chars.size()) - 1))];
        return s;
    }
    std::string nonempty(int max = 12) {
        std::string s = text(max);
        return s.empty() ? "v" : s;
    }
    std::string path() {
        std::string s = "/" + text();
        if (s.find_first_not_of('/') == std::string::npos)
            s += "p";
        return s;
    }
    std::string address(int i) {
        switch (num(0, 3)) {
        case 0: return fmt_v4(i) + "/24";
        case 1: return fmt_v4(i);
        case 2: return "fe80::" + std::to_string(i + 1) + "/64";
        default: return "host-" + std::to_string(i) + ".example";
        }
    }
    std::string fmt_v4(int i) { return "10.0." + std::to_string(i % 250) + "." + std::to_string(num(1, 254)); }
    std::string digits() { return std::to_string(std::uniform_int_distribution<std::uint64_t>()(rng_)); }

private:
    std::mt19937 rng_;
};

inline ZoneConfig random_config(Gen& g) {
    ZoneConfig c;
    c.name = "orig";
    c.zonepath = g.path();
    c.brand = g.nonempty();
    c.autoboot = g.coin();
    c.ip_type = g.coin() ? "shared" : "exclusive";
    c.bootargs = g.text();
    c.limitpriv = g.text();
    c.scheduling_class = g.text();
    c.hostid = g.text();
    c.fs_allowed = g.text();
    if (g.coin(30)) {
        c.dedicated_cpu = DedicatedCpu{};
        int lo = g.num(1, 8);
        c.dedicated_cpu->ncpus = g.coin() ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(lo + g.num(1, 8));
        c.dedicated_cpu->importance = g.coin() ? std::to_string(g.num(0, 100)) : "";
    } else {
        c.pool = g.text();
        if (c.pool.starts_with("SUNW"))
            c.pool.clear();
    }

    std::set<std::string> keys;
    auto unique = [&](std::string s, const char* kind) {
        while (!keys.insert(std::string(kind) + s).second)
            s += "u";
        return s;
    };
    for (int i = g.num(0, 3); i > 0; --i)
        c.ipds.push_back({unique(g.path(), "ipd")});
    for (int i = g.num(0, 4); i > 0; --i) {
        Fs f;
        f.dir = unique(g.path(), "fs");
        f.special = g.nonempty();
        f.raw = g.coin() ? g.path() : "";
        do
            f.type = g.nonempty();
        while (f.type.find('/') != std::string::npos || f.type == "." || f.type == "..");
        for (int k = g.num(0, 3); k > 0; --k)
            f.options.push_back(g.text());
        c.fs.push_back(f);
    }
    for (int i = 0, n = g.num(0, 3); i < n; ++i) {
        Net n_;
        n_.physical = "e" + std::to_string(i) + "=;,[" ;   // unique, odd but legal on Linux
        n_.physical = n_.physical.substr(0, static_cast<std::size_t>(g.num(2, 6)));
        n_.physical = unique(n_.physical, "net");
        n_.address = g.coin() ? g.address(i) : "";
        n_.allowed_address = g.coin() ? g.address(i + 50) : "";
        n_.defrouter = g.coin() ? g.fmt_v4(i) : "";
        n_.linkname = g.coin(30) ? "eth" + std::to_string(i) : "";
        c.nets.push_back(n_);
    }
    for (int i = g.num(0, 3); i > 0; --i)
        c.devices.push_back({unique(g.nonempty(), "dev")});
    if (g.coin(30))
        c.mcap_physical = g.coin() ? std::uint64_t(g.num(1, 4096)) << 20
                                   : std::uint64_t(1) << 20 | std::uint64_t(g.num(1, 1 << 20));
    for (int i = g.num(0, 4); i > 0; --i) {
        Rctl r;
        std::string tail;
        for (int k = g.num(1, 10); k > 0; --k)
            tail += "abcdefghij-"[g.num(0, 10)];
        r.name = "zone." + tail;
        if (g.coin(30))
            r.name = g.pick(std::vector<std::string>{"zone.max-lwps", "zone.cpu-shares",
                                                     "zone.max-swap", "zone.cpu-cap"});
        if (r.name == "zone.cpu-cap" && c.dedicated_cpu)
            continue;
        if (!keys.insert("rctl" + r.name).second)
            continue;
        for (int k = g.num(1, 3); k > 0; --k)
            r.values.push_back({"privileged", g.digits(), g.coin() ? "none" : "deny"});
        c.rctls.push_back(r);
    }
    for (int i = g.num(0, 3); i > 0; --i) {
        Attr a;
        a.name = unique("a" + std::to_string(g.num(0, 999)) + (g.coin() ? "-x.y" : ""), "attr");
        switch (g.num(0, 3)) {
        case 0: a.type = "string"; a.value = g.nonempty(); break;
        case 1: a.type = "int"; a.value = std::to_string(g.num(-100000, 100000)); break;
        case 2: a.type = "uint"; a.value = g.digits(); break;
        default: a.type = "boolean"; a.value = g.coin() ? "true" : "false"; break;
        }
        c.attrs.push_back(a);
    }
    for (int i = g.num(0, 3); i > 0; --i)
        c.datasets.push_back({unique(g.nonempty(), "ds")});
    for (const char* user : {"root", "daemon", "bin"}) {
        if (!g.coin(30))
            continue;
        std::string auths;
        for (const char* a : {"login", "manage", "clonefrom"})
            if (g.coin())
                auths += (auths.empty() ? "" : ",") + std::string(a);
        c.admins.push_back({user, auths.empty() ? "login" : auths});
    }
    if (g.coin(30))
        c.security_flags = SecurityFlags{g.text(), g.text(), g.text()};
    return c;
}

}  // namespace zones::zonecfg::test
