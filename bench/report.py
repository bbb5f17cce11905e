#!/usr/bin/env python3
"""Turns what bench/inner.sh left in OUTDIR into the Markdown table and the
raw JSON of bench/results.

    report.py OUTDIR LATEST.md LATEST.json
"""
import json
import os
import sys

NA = "not available in this build"
# Table order: starting a container, then entering a running one.
ORDER = ["floor", "lxc-execute", "runc", "runc-systemd", "nspawn", "nspawn-keep-unit",
         "ready", "boot", "boot-ready", "halt",
         "zlogin", "nsenter-zone", "nsenter-lxc", "lxc-attach"]
PEERS = ["lxc-execute", "runc", "runc-systemd", "nspawn", "nspawn-keep-unit"]


def tsv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def ms(v):
    return f"{v:.2f}" if v < 10 else f"{v:.1f}"


def main():
    out, md_path, json_path = sys.argv[1:4]
    env = {k: v for k, v in (r[:2] for r in tsv(os.path.join(out, "env.tsv")) if len(r) >= 2)}
    rows = {}
    for r in tsv(os.path.join(out, "rows.tsv")):
        r += [""] * (6 - len(r))
        rid, group, label, status, note, argv = r[:6]
        row = {"id": rid, "group": group, "command": label, "status": status, "note": note}
        if argv:
            row["argv"] = argv
        jf = os.path.join(out, rid + ".json")
        if status == "ok" and os.path.exists(jf):
            with open(jf) as f:
                raw = json.load(f)
            res = raw["results"][0]
            row["median_ms"] = res["median"] * 1000
            row["runs"] = len(res["times"])
            row["hyperfine"] = raw
            cf = os.path.join(out, rid + "-cold.json")
            if os.path.exists(cf):
                with open(cf) as f:
                    cold = json.load(f)
                row["cold_median_ms"] = cold["results"][0]["median"] * 1000
                row["cold_runs"] = len(cold["results"][0]["times"])
                row["hyperfine_cold"] = cold
        else:
            row["status"] = "na"
        rows[rid] = row
    floor = rows.get("floor", {}).get("median_ms")
    cfloor = rows.get("floor", {}).get("cold_median_ms")
    for row in rows.values():
        if "median_ms" in row and floor:
            row["ratio_to_floor"] = row["median_ms"] / floor
        if "cold_median_ms" in row and cfloor:
            row["cold_ratio_to_floor"] = row["cold_median_ms"] / cfloor

    def num(r, i):
        return int(r[i]) if len(r) > i and r[i].isdigit() else None
    rss = [{"state": r[0], "kB": num(r, 1), "note": r[2] if len(r) > 2 else "",
            "pss_kB": num(r, 3), "private_kB": num(r, 4)}
           for r in tsv(os.path.join(out, "rss.tsv"))]

    lines, notes = [], []

    def note(text):
        if text not in notes:
            notes.append(text)
        return f"[{notes.index(text) + 1}]"

    def na_cell(text):
        if text.startswith(NA):
            rest = text[len(NA):].lstrip(": ")
            return f"n/a ({NA})" + (" " + note(rest) if rest else "")
        return "n/a " + note(text or "failed")

    runs = sorted({r["runs"] for r in rows.values() if "runs" in r})
    lines.append("# Zones for Linux benchmark — latest run")
    lines.append("")
    lines.append(f"{env.get('date', '?')}, build `{env.get('build', '?')}`, kernel {env.get('kernel', '?')}, "
                 f"{env.get('cpus', '?')} CPUs, {env.get('cgroups', '?')} cgroups; everything inside one "
                 f"systemd test host (tests/testhost). Medians of hyperfine -N runs "
                 f"({' or '.join(map(str, runs)) or '?'} per row, see latest.json): \"warm\" runs back "
                 f"to back, \"cold\" runs each after 0.2 s of quiet, as a user's single command.")
    try:
        load, cpus = float(env["loadavg"].split()[0]), int(env["cpus"])
        lines.append("")
        lines.append(f"Load average at the start: {env['loadavg']}"
                     + (" — the machine was busy; expect noisy numbers." if load > cpus / 2 else "."))
    except (KeyError, ValueError):
        pass
    if env.get("cgmove"):
        cold = env["cgmove"].split()[0]
        try:
            note = (" — under a millisecond: moves on this kernel do not wait for a grace period (favordynmods,"
                    " or on Linux 6.18+ a favordynmods mount since boot), so the cold column shows no grace"
                    " period" if float(cold) < 1 else " — a grace period, which the cold rows that move a"
                    " process wait for")
        except ValueError:
            note = ""
        lines.append("")
        lines.append(f"One cgroup move after 0.2 s of quiet: {env['cgmove']}{note}.")
    lines.append("")
    lines.append("| command | warm median ms | × floor | cold median ms | × floor |")
    lines.append("|---|---:|---:|---:|---:|")
    for rid in ORDER + [k for k in rows if k not in ORDER]:
        row = rows.get(rid)
        if not row:
            continue
        cmd, _, what = row["command"].partition(" (")
        label = f"`{cmd}`" + (f" ({what}" if what else "") + (" (floor)" if rid == "floor" else "")
        if "median_ms" in row:
            ratio = f"{row['ratio_to_floor']:.1f}" if "ratio_to_floor" in row else "–"
            cold = ms(row["cold_median_ms"]) if "cold_median_ms" in row else "–"
            cratio = f"{row['cold_ratio_to_floor']:.1f}" if "cold_ratio_to_floor" in row else "–"
            lines.append(f"| {label} | {ms(row['median_ms'])} | {ratio} | {cold} | {cratio} |")
        else:
            lines.append(f"| {label} | {na_cell(row['note'])} | – | – | – |")
    lines.append("")
    lines.append("| zoneadmd, idle | VmRSS kB | Pss kB | private kB |")
    lines.append("|---|---:|---:|---:|")
    for r in rss:
        if r["kB"] is None:
            lines.append(f"| zone {r['state']} | {na_cell(r['note'])} | – | – |")
            continue
        pss = str(r["pss_kB"]) if r["pss_kB"] is not None else "–"
        prv = str(r["private_kB"]) if r["private_kB"] is not None else "–"
        lines.append(f"| zone {r['state']} | {r['kB']} | {pss} | {prv} |")
    lines.append("")

    # The aims, reported, never enforced: for the warm and the cold medians.
    def aims_for(key):
        def med(rid):
            return rows.get(rid, {}).get(key)
        out = []
        base = med("floor")
        boot = med("boot")
        if boot is None or not base:
            out.append("n/a")
            out.append("n/a")
        else:
            out.append(f"{'met' if boot <= 2 * base else 'not met'} ({boot / base:.1f}×)")
            peers = [(med(p), rows[p]["command"].split(" (")[0]) for p in PEERS if med(p) is not None]
            fastest = min(peers) if peers else None
            out.append("n/a" if fastest is None else
                       f"{'met' if boot < fastest[0] else 'not met'} "
                       f"({ms(boot)} ms; fastest peer `{fastest[1]}`, {ms(fastest[0])} ms)")
        zl, ns, into = med("zlogin"), med("nsenter-zone"), ""
        if ns is None and med("nsenter-lxc") is not None:
            ns, into = med("nsenter-lxc"), ", nsenter into the LXC container"
        out.append("n/a" if zl is None or ns is None else
                   f"{'met' if zl <= 1.5 * ns else 'not met'} ({zl / ns:.2f}×{into})")
        # Issue 13's aims: against LXC in the same run.
        lxc, attach, ready_boot = med("lxc-execute"), med("lxc-attach"), med("boot-ready")
        out.append("n/a" if boot is None or lxc is None else
                   f"{'met' if boot <= lxc else 'not met'} ({ms(boot)} against {ms(lxc)} ms, {boot / lxc:.2f}×)")
        out.append("n/a" if ready_boot is None or lxc is None else
                   f"{'met' if ready_boot <= 0.7 * lxc else 'not met'} ({ms(ready_boot)} ms, {ready_boot / lxc:.2f}× lxc-execute)")
        out.append("n/a" if zl is None or attach is None else
                   f"{'met' if zl <= attach else 'not met'} ({ms(zl)} against {ms(attach)} ms)")
        return out

    warm, cold = aims_for("median_ms"), aims_for("cold_median_ms")
    kbs = [r["kB"] for r in rss if r["kB"] is not None]
    mem = "n/a" if not kbs else f"{'met' if max(kbs) < 2048 else 'not met'} (max {max(kbs)} kB)"
    aims = [("zoneadm boot within 2× the floor", warm[0], cold[0]),
            ("zoneadm boot faster than every peer", warm[1], cold[1]),
            ("zoneadmd under 2 MB RSS", mem, mem),
            ("zlogin within 1.5× of nsenter", warm[2], cold[2]),
            ("zoneadm boot (installed → running) ≤ lxc-execute", warm[3], cold[3]),
            ("zoneadm boot from ready ≤ 0.7× lxc-execute", warm[4], cold[4]),
            ("zlogin Z true ≤ lxc-attach", warm[5], cold[5])]
    lines.append("| aim (reported, not enforced) | warm | cold |")
    lines.append("|---|---|---|")
    for a, w, c in aims:
        lines.append(f"| {a} | {w} | {c} |")
    lines.append("")
    if notes:
        for i, n in enumerate(notes, 1):
            lines.append(f"[{i}] {n}  ")
        lines.append("")
    vers = [f"{k}: {env[k]}" for k in ("systemd", "lxc", "runc", "util-linux", "hyperfine", "host", "stage")
            if k in env]
    lines.append("Versions: " + "; ".join(vers) + ".")
    md = "\n".join(lines) + "\n"
    with open(md_path, "w") as f:
        f.write(md)
    with open(json_path, "w") as f:
        json.dump({"env": env, "floor_median_ms": floor,
                   "rows": [rows[k] for k in ORDER + [k for k in rows if k not in ORDER] if k in rows],
                   "zoneadmd_rss": rss,
                   "aims": {a: {"warm": w, "cold": c} for a, w, c in aims}}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
