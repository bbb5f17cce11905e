/* The text of `zonecfg -z ZONE info` from the zone XML that zonesd's
 * GetConfiguration returns (the format of /etc/zones/ZONE.xml). It follows
 * lib/zonecfg/info.cpp line for line: the global properties, the rctl
 * aliases in brackets, then the resources in illumos's order; the browser
 * test compares it with zonecfg's own output. */
"use strict";

(function (global) {
    const GLOBALS = [
        ["zonename", "name"], ["zonepath", "zonepath"], ["brand", "brand"],
        ["autoboot", "autoboot"], ["bootargs", "bootargs"], ["pool", "pool"],
        ["limitpriv", "limitpriv"], ["scheduling-class", "scheduling-class"],
        ["ip-type", "ip-type"], ["hostid", "hostid"], ["fs-allowed", "fs-allowed"],
    ];
    // [property, rctl, action, takes a size]: lib/zones/rctl_alias.cpp, in
    // the order info prints them.
    const ALIASES = [
        ["max-lwps", "zone.max-lwps", "deny", false],
        ["max-processes", "zone.max-processes", "deny", false],
        ["max-shm-memory", "zone.max-shm-memory", "deny", true],
        ["max-shm-ids", "zone.max-shm-ids", "deny", false],
        ["max-msg-ids", "zone.max-msg-ids", "deny", false],
        ["max-sem-ids", "zone.max-sem-ids", "deny", false],
        ["cpu-shares", "zone.cpu-shares", "none", false],
    ];

    // format_size (lib/zones/size.cpp): the largest unit that divides exactly.
    // BigInt: limits are 64-bit.
    function formatSize(text) {
        let bytes;
        try {
            bytes = BigInt(text);
        } catch (e) {
            return text;
        }
        if (bytes === 0n)
            return "0";
        for (const [letter, shift] of [["T", 40n], ["G", 30n], ["M", 20n], ["K", 10n]]) {
            if ((bytes & ((1n << shift) - 1n)) === 0n)
                return (bytes >> shift).toString() + letter;
        }
        return bytes.toString();
    }

    // strtoull of a limit, as get_alias does (digits up to the first other).
    function limitOf(text) {
        const m = /^\s*\+?(\d+)/.exec(text || "");
        return m ? m[1] : "0";
    }

    function attr(el, name) {
        return el.getAttribute(name) || "";
    }

    function prop(name, value) {
        if (value === "")
            return "\t" + name + " not specified\n";
        if (value.includes(" "))
            return "\t" + name + ': "' + value + '"\n';
        return "\t" + name + ": " + value + "\n";
    }

    // get_alias: the limit when exactly one rctl of that name has exactly
    // one value with priv=privileged and the alias's action, else null.
    function aliasLimit(rctls, rctl, action) {
        const found = rctls.filter(r => r.name === rctl);
        if (found.length !== 1 || found[0].values.length !== 1)
            return null;
        const v = found[0].values[0];
        if (v.priv !== "privileged" || v.action !== action)
            return null;
        return limitOf(v.limit);
    }

    function render(xml) {
        const doc = new DOMParser().parseFromString(xml, "application/xml");
        const zone = doc.documentElement;
        if (!zone || zone.nodeName !== "zone" || doc.getElementsByTagName("parsererror").length)
            throw new Error("the configuration is not zone XML");
        const kids = Array.from(zone.children);
        const all = name => kids.filter(k => k.nodeName === name);

        let s = "";
        for (const [label, name] of GLOBALS) {
            let v = attr(zone, name);
            if (name === "autoboot")
                v = v === "true" ? "true" : "false";
            else if (name === "ip-type" && !zone.hasAttribute("ip-type"))
                v = "shared";
            s += label + ": " + v + "\n";
        }

        const rctls = all("rctl").map(r => ({
            name: attr(r, "name"),
            values: Array.from(r.children).filter(v => v.nodeName === "rctl-value")
                .map(v => ({ priv: attr(v, "priv"), limit: attr(v, "limit"), action: attr(v, "action") })),
        }));
        for (const [property, rctl, action, size] of ALIASES) {
            const limit = aliasLimit(rctls, rctl, action);
            if (limit !== null)
                s += "[" + property + ": " + (size ? formatSize(limit) : limit) + "]\n";
        }

        for (const e of all("inherited-pkg-dir"))
            s += "inherit-pkg-dir:\n" + prop("dir", attr(e, "directory"));
        for (const e of all("filesystem")) {
            s += "fs:\n" + prop("dir", attr(e, "directory")) + prop("special", attr(e, "special")) +
                prop("raw", attr(e, "raw")) + prop("type", attr(e, "type"));
            const opts = Array.from(e.children).filter(o => o.nodeName === "fsoption")
                .map(o => attr(o, "name"))
                .map(o => o.includes("=") ? '"' + o + '"' : o);
            s += "\toptions: [" + opts.join(",") + "]\n";
        }
        for (const e of all("network")) {
            s += "net:\n" + prop("address", attr(e, "address")) +
                prop("allowed-address", attr(e, "allowed-address")) +
                prop("physical", attr(e, "physical")) + prop("defrouter", attr(e, "defrouter"));
            if (attr(e, "linkname") !== "")
                s += prop("linkname", attr(e, "linkname"));
        }
        for (const e of all("device"))
            s += "device:\n" + prop("match", attr(e, "match"));

        const pset = all("pset")[0];
        if (pset) {
            const lo = attr(pset, "ncpu_min"), hi = attr(pset, "ncpu_max");
            s += "dedicated-cpu:\n\tncpus: " + (lo === hi ? lo : lo + "-" + hi) + "\n";
            const pool = all("tmp_pool")[0];
            if (pool && attr(pool, "importance") !== "")
                s += "\timportance: " + attr(pool, "importance") + "\n";
        }

        const cap = aliasLimit(rctls, "zone.cpu-cap", "deny");
        if (cap !== null)
            s += "capped-cpu:\n\t[ncpus: " + (Number(cap) / 100).toFixed(2) + "]\n";

        const mcap = all("mcap")[0];
        const swap = aliasLimit(rctls, "zone.max-swap", "deny");
        const locked = aliasLimit(rctls, "zone.max-locked-memory", "deny");
        if (mcap || swap !== null || locked !== null) {
            s += "capped-memory:\n";
            if (mcap)
                s += prop("physical", formatSize(attr(mcap, "physcap")));
            if (swap !== null)
                s += "\t[swap: " + formatSize(swap) + "]\n";
            if (locked !== null)
                s += "\t[locked: " + formatSize(locked) + "]\n";
        }

        for (const e of all("attr"))
            s += "attr:\n" + prop("name", attr(e, "name")) + prop("type", attr(e, "type")) +
                prop("value", attr(e, "value"));
        for (const e of all("dataset"))
            s += "dataset:\n" + prop("name", attr(e, "name"));
        for (const e of all("admin"))
            s += "admin:\n" + prop("user", attr(e, "user")) + prop("auths", attr(e, "auths"));
        const sf = all("security-flags")[0];
        if (sf)
            s += "security-flags:\n" + prop("default", attr(sf, "default")) +
                prop("lower", attr(sf, "lower")) + prop("upper", attr(sf, "upper"));
        for (const r of rctls) {
            s += "rctl:\n" + prop("name", r.name);
            for (const v of r.values)
                s += "\tvalue: (priv=" + v.priv + ",limit=" + v.limit + ",action=" + v.action + ")\n";
        }
        return s;
    }

    global.zonecfgInfo = { render, formatSize };
})(window);
