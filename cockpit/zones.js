/* The Zones page: the zones of zonesd (org.zones.Manager on the system bus),
 * live through org.freedesktop.DBus.ObjectManager at /org/zones and
 * PropertiesChanged on each zone object; the runtime verbs; the zone's
 * configuration (zonecfg info) and usage (GetUsage); its console, zlogin -C
 * on a pty channel in an xterm.js terminal.
 *
 * Calls go out as the Cockpit user ("superuser: try": as root when the user
 * has administrative access). zonesd decides who may do what: the page asks
 * it first (GetAccess: root, the zone's admin resource, polkit without a
 * prompt) and shows only what would be allowed, and the service's one-line
 * error for anything refused all the same. */
"use strict";

(function () {
    const SERVICE = "org.zones.Manager";
    const ZONE_IFACE = "org.zones.Zone";
    const RESOURCES_IFACE = "org.zones.Zone.Resources";
    const USAGE_INTERVAL_MS = 2000;
    const CONFIG_INTERVAL_MS = 5000;

    // The illumos transitions (zoneadm): which verb each state allows.
    const VERBS = {
        Boot: ["installed", "ready"],
        Halt: ["ready", "running", "shutting_down", "down"],
        Reboot: ["running"],
        Shutdown: ["running"],
    };
    const VERB_ARGS = { Boot: [""], Halt: [], Reboot: [""], Shutdown: [false, ""] };
    const VERB_PROGRESS = { Boot: "booting", Halt: "halting", Reboot: "rebooting", Shutdown: "shutting down" };
    // zlogin -C works from ready on (zlogin(1), our zoneadmd keeps the console).
    const CONSOLE_STATES = ["ready", "running", "shutting_down", "down"];

    const client = cockpit.dbus(SERVICE, { bus: "system", superuser: "try" });
    const zones = client.proxies(ZONE_IFACE, "/org/zones");

    const $ = id => document.getElementById(id);
    let selected = null;           // object path of the zone shown below the list
    let busy = null;               // the verb in flight for the selected zone
    let userName = null;
    let config = { path: null, xml: null };
    let access = { path: null, verbs: new Set() };   // zonesd's answer for the selected zone
    let usage = { path: null, last: null, timer: null };
    let consoleSession = null;

    function proxyOf(path) {
        const p = zones[path];
        return p && p.valid ? p : null;
    }

    function sortedZones() {
        return Object.keys(zones).map(k => zones[k]).filter(p => p.valid && p.Name !== undefined)
            .sort((a, b) => a.Name.localeCompare(b.Name));
    }

    function text(el, s) {
        el.textContent = s;
        return el;
    }

    // --- who may do what ----------------------------------------------------
    // zonesd's own decision, asked without a prompt (GetAccess).
    const ASKED = ["boot", "halt", "reboot", "shutdown", "console"];

    function authorized(verb) {
        return access.path === selected && access.verbs.has(verb);
    }

    function refreshAccess() {
        const path = selected;
        if (!path || !proxyOf(path))
            return;
        client.call(path, ZONE_IFACE, "GetAccess", [ASKED])
            .then(([allowed]) => {
                if (path !== selected)
                    return;
                access = { path, verbs: new Set(allowed) };
                renderDetail();
            })
            .catch(ex => {
                if (path === selected)
                    showMessage("error", ex.message || String(ex));
            });
    }

    // --- the list -----------------------------------------------------------
    function renderList() {
        const body = $("zone-rows");
        const rows = sortedZones();
        body.replaceChildren();
        for (const z of rows) {
            const tr = document.createElement("tr");
            tr.dataset.zone = z.Name;
            tr.dataset.path = z.path;
            tr.tabIndex = 0;
            if (z.path === selected)
                tr.classList.add("selected");
            const cells = [z.Name, z.Id >= 0 ? String(z.Id) : "-", z.State, z.Brand,
                z.IPType === "exclusive" ? "excl" : z.IPType, z.ZonePath];
            cells.forEach((c, i) => {
                const td = text(document.createElement("td"), c);
                if (i === 2) {
                    td.className = "state";
                    td.dataset.state = c;
                }
                tr.appendChild(td);
            });
            tr.addEventListener("click", () => select(z.path));
            tr.addEventListener("keydown", ev => { if (ev.key === "Enter") select(z.path) });
            body.appendChild(tr);
        }
        $("no-zones").hidden = rows.length > 0;
    }

    // --- the selected zone ----------------------------------------------------
    function renderDetail() {
        const z = selected ? proxyOf(selected) : null;
        $("detail").hidden = !z;
        if (!z)
            return;
        text($("detail-name"), z.Name);
        const st = text($("detail-state"), busy ? VERB_PROGRESS[busy] + "…" : z.State);
        st.dataset.state = z.State;

        const known = access.path === selected;
        let may = false;
        for (const b of $("actions").querySelectorAll("button")) {
            const verb = b.dataset.verb;
            b.hidden = !authorized(verb.toLowerCase());
            may = may || !b.hidden;
            b.disabled = busy !== null || !VERBS[verb].includes(z.State);
        }
        $("actions").hidden = !may;
        const na = $("not-authorized");
        na.hidden = may || !known;
        if (!may && known)
            text(na, "Not authorized to manage zone " + z.Name + ": zonesd gives " +
                (userName || "this user") + " no rights on it (zonecfg admin resource or polkit).");

        const canConsole = authorized("console") && CONSOLE_STATES.includes(z.State);
        $("console-connect").disabled = !canConsole || consoleSession !== null;
        if (!consoleSession)
            text($("console-status"), known && !authorized("console") ? "Not authorized to use the console of this zone."
                : canConsole ? "" : "The console is there while the zone is ready or running.");
    }

    function render() {
        renderList();
        renderDetail();
    }

    function showMessage(kind, s) {
        const m = $("message");
        m.hidden = !s;
        m.dataset.kind = kind;
        text(m, s || "");
    }

    function select(path) {
        if (path === selected)
            return;
        if (consoleSession)
            consoleSession.close();
        selected = path;
        busy = null;
        $("terminal").hidden = true;
        showMessage("info", "");
        config = { path: null, xml: null };
        access = { path: null, verbs: new Set() };
        text($("config"), "");
        usage.last = null;
        text($("usage-cpu"), "–");
        text($("usage-memory"), "–");
        text($("usage-tasks"), "–");
        text($("usage-up"), "–");
        text($("usage-note"), "");
        cockpit.location.replace([], proxyOf(path) ? { zone: proxyOf(path).Name } : {});
        render();
        refreshAccess();
        refreshConfig();
        refreshUsage();
    }

    // The verbs: Boot, Halt, Reboot, Shutdown on the zone's object. The
    // service's error message is the line zoneadm would print.
    function act(verb) {
        const z = selected ? proxyOf(selected) : null;
        if (!z || busy)
            return Promise.resolve();
        busy = verb;
        showMessage("info", "");
        renderDetail();
        return client.call(z.path, ZONE_IFACE, verb, VERB_ARGS[verb])
            .then(([notice]) => showMessage("info", notice ? "zone '" + z.Name + "': " + notice : ""))
            .catch(ex => showMessage("error", ex.message || String(ex)))
            .finally(() => {
                busy = null;
                renderDetail();
            });
    }

    // --- configuration ---------------------------------------------------------
    function refreshConfig() {
        const path = selected;
        if (!path || !proxyOf(path))
            return;
        client.call(path, ZONE_IFACE, "GetConfiguration", [])
            .then(([xml]) => {
                if (path !== selected)
                    return;
                if (xml !== config.xml) {
                    const changed = config.xml !== null;
                    config = { path, xml };
                    text($("config"), zonecfgInfo.render(xml));
                    if (changed)
                        refreshAccess();   // an admin resource may have come or gone
                }
                config.path = path;
                renderDetail();
            })
            .catch(ex => {
                if (path === selected)
                    text($("config"), ex.message || String(ex));
            });
    }

    // --- usage -------------------------------------------------------------------
    function bytes(n) {
        const units = ["B", "KiB", "MiB", "GiB", "TiB"];
        let i = 0;
        while (n >= 1024 && i < units.length - 1) {
            n /= 1024;
            i++;
        }
        return (i ? n.toFixed(1) : String(n)) + " " + units[i];
    }

    function duration(seconds) {
        const s = Math.max(0, Math.floor(seconds));
        const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
        if (d)
            return d + " d " + h + " h";
        if (h)
            return h + " h " + m + " min";
        return m ? m + " min " + (s % 60) + " s" : (s % 60) + " s";
    }

    function refreshUsage() {
        const path = selected;
        const z = path ? proxyOf(path) : null;
        if (!z)
            return;
        if (!["ready", "running", "shutting_down", "down"].includes(z.State)) {
            usage.last = null;
            text($("usage-cpu"), "–");
            text($("usage-memory"), "–");
            text($("usage-tasks"), "–");
            text($("usage-up"), "–");
            text($("usage-note"), "Usage is shown while the zone is ready or running.");
            return;
        }
        client.call(path, RESOURCES_IFACE, "GetUsage", [])
            .then(([u]) => {
                if (path !== selected)
                    return;
                const now = performance.now();
                const n = k => (k in u ? Number(u[k]) : null);
                const cpu = n("cpu-usec");
                let cpuText = "measuring…";
                if (usage.last && cpu !== null && cpu >= usage.last.cpu) {
                    const pct = (cpu - usage.last.cpu) / ((now - usage.last.at) * 1000) * 100;
                    cpuText = pct.toFixed(1) + "% of one CPU";
                    const cap = n("cpu-cap-percent");
                    if (cap !== null)
                        cpuText += " (cap " + cap + "%)";
                }
                usage.last = { cpu, at: now };
                text($("usage-cpu"), cpuText);
                const memCap = n("memory-cap-bytes");
                text($("usage-memory"), bytes(n("memory-bytes") || 0) + " of " +
                    (memCap !== null ? bytes(memCap) + " (capped-memory)" : bytes(n("physmem-bytes") || 0) + " (host)"));
                const lwpsCap = n("lwps-cap");
                text($("usage-tasks"), String(n("lwps") || 0) + (lwpsCap !== null ? " of " + lwpsCap : ""));
                const boot = n("boot-time-usec");
                text($("usage-up"), boot !== null ? duration(Date.now() / 1000 - boot / 1e6) + ", since " +
                    new Date(boot / 1000).toLocaleTimeString() : "–");
                text($("usage-note"), "");
            })
            .catch(ex => {
                if (path === selected)
                    text($("usage-note"), ex.message || String(ex));
            });
    }

    // --- console -------------------------------------------------------------
    // zlogin -C on a pty: the terminal's size follows the page, closing the
    // channel hangs zlogin up, so leaving needs no "~.".
    function connectConsole() {
        const z = selected ? proxyOf(selected) : null;
        if (!z || consoleSession)
            return;
        const el = $("terminal");
        el.replaceChildren();
        el.hidden = false;
        const term = new Terminal({
            cols: 80, rows: 24, convertEol: false, cursorBlink: true, scrollback: 2000,
            fontFamily: "monospace", fontSize: 13,
        });
        const fit = new FitAddon.FitAddon();
        term.loadAddon(fit);
        term.open(el);
        try {
            fit.fit();
        } catch (e) {
            // a hidden element has no size: keep 80x24
        }
        const channel = cockpit.channel({
            payload: "stream",
            spawn: ["zlogin", "-C", z.Name],
            pty: true,
            superuser: "try",
            environ: ["TERM=xterm-256color"],
            window: { rows: term.rows, cols: term.cols },
            err: "out",
        });
        const name = z.Name;
        const session = {
            zone: name,
            term,
            channel,
            closed: false,
            close() {
                if (!session.closed)
                    channel.close();
            },
        };
        consoleSession = session;
        channel.addEventListener("message", (ev, data) => term.write(data));
        channel.addEventListener("close", (ev, options) => {
            session.closed = true;
            const why = options && options.problem ? " (" + cockpit.message(options) + ")" : "";
            term.write("\r\n[Connection to zone '" + name + "' console closed" + why + "]\r\n");
            if (consoleSession === session)
                consoleSession = null;
            $("console-disconnect").hidden = true;
            $("console-connect").hidden = false;
            renderDetail();
            text($("console-status"), "Disconnected from the console of " + name + ".");
        });
        term.onData(data => {
            if (!session.closed)
                channel.send(data);
        });
        term.onResize(size => {
            if (!session.closed)
                channel.control({ window: { rows: size.rows, cols: size.cols } });
        });
        session.resize = () => { try { fit.fit() } catch (e) { } };
        window.addEventListener("resize", session.resize);
        $("console-connect").hidden = true;
        $("console-disconnect").hidden = false;
        text($("console-status"), "Connected to the console of " + name + ".");
        term.focus();
    }

    function disconnectConsole() {
        if (consoleSession)
            consoleSession.close();
    }

    // --- wiring ----------------------------------------------------------------
    function initialSelection() {
        if (selected)
            return;
        const want = cockpit.location.options.zone;
        const list = sortedZones();
        const pick = list.find(z => z.Name === want) || list[0];
        if (pick)
            select(pick.path);
    }

    function start() {
        cockpit.user().then(user => {
            userName = user.name;
            renderDetail();
        });
        for (const b of $("actions").querySelectorAll("button"))
            b.addEventListener("click", () => act(b.dataset.verb));
        $("console-connect").addEventListener("click", connectConsole);
        $("console-disconnect").addEventListener("click", disconnectConsole);

        zones.addEventListener("added", () => { render(); initialSelection() });
        zones.addEventListener("changed", (ev, proxy) => {
            render();
            if (proxy.path === selected)
                refreshUsage();
        });
        zones.addEventListener("removed", (ev, proxy) => {
            if (proxy.path === selected) {
                selected = null;
                if (consoleSession)
                    consoleSession.close();
            }
            render();
            initialSelection();
        });
        zones.wait(() => {
            const c = $("connection");
            c.dataset.state = "connected";
            text(c, "");
            render();
            initialSelection();
        });
        client.addEventListener("close", (ev, options) => {
            const c = $("connection");
            c.dataset.state = "failed";
            text(c, "Cannot reach the zones service: " + cockpit.message(options));
        });
        window.setInterval(refreshUsage, USAGE_INTERVAL_MS);
        window.setInterval(refreshConfig, CONFIG_INTERVAL_MS);
        document.body.dataset.ready = "true";
    }

    // For the browser test and the console: what the page shows, by zone.
    window.zonesPage = {
        act,
        select: name => {
            const z = sortedZones().find(p => p.Name === name);
            if (z)
                select(z.path);
            return !!z;
        },
        selected: () => (selected && proxyOf(selected) ? proxyOf(selected).Name : null),
    };

    document.addEventListener("DOMContentLoaded", start);
})();
