#!/usr/bin/env python3
"""Every subcommand, flag, resource type, property and D-Bus member the
tools accept appears in its manual page, and every one the page documents
is accepted. What the tools accept is taken from the tools: flags by
trying each letter (a tool says "illegal/invalid option" for one it does
not take), subcommands, resource types and properties from their own usage
and help texts (their command tables), D-Bus members from the introspection
XML. Prints TAP."""
import os, re, string, subprocess, sys
import xml.etree.ElementTree as ET

build, src = sys.argv[1], sys.argv[2]
man = os.path.join(src, 'man')
env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS='unix:path=/nonexistent', LC_ALL='C')
n = 0
failed = 0

def report(ok, name, detail=''):
    global n, failed
    n += 1
    print(('ok' if ok else 'not ok') + f' {n} - {name}')
    if not ok:
        failed += 1
        for line in detail.splitlines():
            print('# ' + line)

def run(argv):
    p = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=20)
    return p.returncode, p.stdout + p.stderr

def page(name):
    return open(os.path.join(man, name + '.scd')).read()

def section(text, title):
    m = re.search(r'^# ' + title + r'\n(.*?)(?=^# |\Z)', text, re.S | re.M)
    return m.group(1) if m else ''

def page_flags(text):
    found = set()
    for f in re.findall(r'\*-([A-Za-z?]+)\*', text):
        found.update(f)
    return found

def accepted(argv_for):
    """Letters the tool takes as options."""
    ok = set()
    for c in string.ascii_letters:
        rc, out = run(argv_for(c))
        if re.search(r'(illegal|invalid|unrecognized) option', out):
            continue
        if rc == 2 and re.search(r'usage', out, re.I) and 'requires an argument' not in out:
            continue
        ok.add(c)
    return ok

def compare(what, tool, documented):
    report(tool <= documented, f'{what}: every one the tool takes is in the page',
           f'missing from the page: {sorted(tool - documented)}')
    report(documented <= tool, f'{what}: every one the page names is taken by the tool',
           f'not taken by the tool: {sorted(documented - tool)}')

exe = lambda *p: os.path.join(build, *p)

# zoneadm: global options, subcommands (help), each subcommand's options.
zoneadm = exe('tools', 'zoneadm', 'zoneadm')
_, helptext = run([zoneadm, 'help'])
subs = set()
for line in helptext.split('Subcommands:', 1)[1].splitlines():
    if line and not line.startswith('\t'):
        subs.add(line.split()[0])
text = page('zoneadm.8')
page_subs = set(re.findall(r'(?:^|, )\*([a-z]+)\*', section(text, 'SUBCOMMANDS'), re.M))
compare('zoneadm subcommands', subs, page_subs)
flags = accepted(lambda c: [zoneadm, '-' + c, 'x', 'list'])
usage_lines = {line.split()[0]: line for line in helptext.split('Subcommands:', 1)[1].splitlines()
               if line and not line.startswith('\t')}
for s in subs - {'help'}:
    if 'illegal option' in run([zoneadm, s, '-Q', 'x'])[1]:
        # -z global: no zone lookup, and every verb parses its options first.
        flags |= accepted(lambda c: [zoneadm, 'list', '-' + c] if s == 'list' else
                          [zoneadm, '-z', 'global', s, '-' + c, 'x'])
    else:   # refused before its options are read (clone, move, ...): its usage line
        flags |= set(re.findall(r'(?<![\w<])-([A-Za-z])\b', usage_lines[s]))
compare('zoneadm options', flags, page_flags(text))

# zonecfg: options, subcommands and their options (help commands), resource
# types and properties (help add).
zonecfg = exe('tools', 'zonecfg', 'zonecfg')
text = page('zonecfg.8')
_, cmds = run([zonecfg, 'help', 'commands'])
subs, flags = set(), accepted(lambda c: [zonecfg, '-' + c, 'x'])
for line in cmds.splitlines():
    if line and not line.startswith('\t') and line != 'Commands:':
        subs.add(line.split()[0])
        for f in re.findall(r'(?<![\w<])-([A-Za-z])\b', line):
            flags.add(f)
page_subs = set(re.findall(r'(?:^|, )\*([a-z]+)\*', section(text, 'SUBCOMMANDS'), re.M))
compare('zonecfg subcommands', subs, page_subs)
compare('zonecfg options', flags, page_flags(text))
_, addhelp = run([zonecfg, 'help', 'add'])
types = set(re.findall(r'[a-z-]+', addhelp.split(':=', 1)[1].split('\n\n', 1)[0]))
props = set(re.findall(r'^\t\(global\)\t(\S+)$', addhelp, re.M))
for line in re.findall(r'^\t([a-z-]+)\t+(.+)$', addhelp, re.M):
    props.update(p.strip() for p in line[1].split(','))
documented_types = set(re.findall(r'^\*([a-z-]+)\*:', section(text, 'RESOURCE TYPES'), re.M))
compare('zonecfg resource types', types, documented_types)
documented_props = set(re.findall(r'\*([a-z-]+)\*', section(text, 'GLOBAL PROPERTIES') + '\n'.join(
    re.findall(r'^\*[a-z-]+\*: (.*)$', section(text, 'RESOURCE TYPES'), re.M))))
documented_props -= {'sparse', 'whole', 'shared', 'exclusive'}   # values, not properties
compare('zonecfg properties', props, documented_props)

# zlogin, zonestat, zonename: options by trying them.
zlogin = exe('tools', 'zlogin', 'zlogin')
compare('zlogin options', accepted(lambda c: [zlogin, '-' + c, 'zonex', 'true']) |
        accepted(lambda c: [zlogin, '-' + c, 'zonex']) | accepted(lambda c: [zlogin, '-' + c, '~', 'zonex']),
        page_flags(page('zlogin.1')))
compare('zonestat options', accepted(lambda c: [exe('tools', 'zonestat', 'zonestat'), '-' + c, 'x', '1', '1']),
        page_flags(page('zonestat.1')))
compare('zonename options', accepted(lambda c: [exe('tools', 'zonename', 'zonename'), '-' + c]),
        page_flags(page('zonename.1')))

# zonesd and zoneadmd: short options by trying, long ones from their usage.
for tool, pg in (('zonesd', 'zonesd.8'), ('zoneadmd', 'zoneadmd.8')):
    path = exe('daemon', tool) if tool == 'zonesd' else exe('daemon', 'zoneadmd', 'zoneadmd')
    text = page(pg)
    _, usage = run([path, '--bogus-option'])
    compare(f'{tool} long options', set(re.findall(r'--([a-z-]+)', usage)) - {'bogus-option'},
            set(re.findall(r'\*--([a-z-]+)\*', text)))
    compare(f'{tool} short options', accepted(lambda c: [path, '-' + c, 'x', '--bogus-option']) if False else
            set(re.findall(r'(?<![\w-])-([A-Za-z])\b', usage)), page_flags(text))

# zones-exporter: long options from its usage.
_, usage = run([exe('tools', 'zones-exporter', 'zones-exporter'), '--bogus-option'])
compare('zones-exporter options', set(re.findall(r'--([a-z-]+)', usage)) - {'bogus-option'},
        set(re.findall(r'\*--([a-z-]+)\*', page('zones-exporter.8'))))

# zps, zpgrep, zpkill: their own options (the rest is procps'), from the
# usage each prints for a -z without its list; a letter the page names in
# bold is one of them.
for tool in ('zps', 'zpgrep', 'zpkill'):
    _, usage = run([exe('tools', 'zproc', tool), '-z'])
    compare(f'{tool} options', set(re.findall(r'\[-([A-Za-z]) ', usage)), page_flags(page(tool + ('.1'))))

compare('ztop options', accepted(lambda c: [exe('tools', 'ztop', 'ztop'), '-' + c, 'x', '1', '1']),
        page_flags(page('ztop.1')))

# zones-dbus(7): every method, signal and property of every interface.
members = set()
for f in os.listdir(os.path.join(src, 'dbus')):
    if f.endswith('.xml'):
        for el in ET.parse(os.path.join(src, 'dbus', f)).getroot().iter():
            if el.tag in ('method', 'signal', 'property'):
                members.add(el.get('name'))
documented = set(re.findall(r'^\*([A-Za-z]+)\*', section(page('zones-dbus.7'), 'INTERFACES'), re.M))
compare('D-Bus members', members, documented)

# Every page has EXAMPLES, and the units name only pages that exist.
for f in sorted(os.listdir(man)):
    if f.endswith('.scd'):
        report('# EXAMPLES' in open(os.path.join(man, f)).read() or f.startswith('zoneadmd'),
               f'{f} has EXAMPLES')
pages = {f[:-4] for f in os.listdir(man) if f.endswith('.scd')}
for f in sorted(os.listdir(os.path.join(src, 'units'))):
    for ref in re.findall(r'man:([\w.-]+)\((\d)\)', open(os.path.join(src, 'units', f)).read()):
        report(f'{ref[0]}.{ref[1]}' in pages, f'units/{f}: man:{ref[0]}({ref[1]}) exists')
print(f'1..{n}')
sys.exit(1 if failed else 0)
