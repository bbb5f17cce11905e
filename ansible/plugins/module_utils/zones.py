# Shared by the zones.linux modules: the zones tools (zonecfg, zoneadm,
# zlogin) as a module runs them on the managed host, and the translation
# between zonecfg's export text and a dictionary.
# MIT License (see the collection's galaxy.yml)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

# zonecfg resource types; any other key of a config dictionary is a global
# property (zonepath, autoboot, max-lwps, ...).
RESOURCE_TYPES = (
    'fs', 'inherit-pkg-dir', 'net', 'device', 'rctl', 'attr', 'dataset',
    'capped-memory', 'capped-cpu', 'dedicated-cpu', 'admin', 'security-flags',
)
STATES = ('configured', 'incomplete', 'installed', 'ready', 'running',
          'shutting_down', 'down', 'mounted')
_NEEDS_QUOTES = re.compile(r'[\s;#"\'=]')


class ZonesError(Exception):
    pass


def _key(k):
    """A dictionary key as zonecfg spells it (ip_type -> ip-type)."""
    return str(k).replace('_', '-')


def _value(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    return str(v)


def quote(v):
    """One zonecfg word: quoted when it holds a blank or a special character."""
    s = _value(v)
    if '"' in s or '\n' in s:
        raise ZonesError('zonecfg values cannot hold a double quote or a newline: %r' % s)
    if s == '' or _NEEDS_QUOTES.search(s):
        return '"%s"' % s
    return s


def _unquote(s):
    if len(s) >= 2 and s[0] == '"' and s[-1] == '"':
        return s[1:-1]
    return s


def parse_export(text):
    """zonecfg export -> {'global property': value, 'resource type': [ {prop: value or [values]} ]}."""
    cfg = {}
    res = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith('#') or line.startswith('create'):
            continue
        if res is None:
            if line.startswith('set '):
                k, _, v = line[4:].partition('=')
                cfg[k.strip()] = _unquote(v.strip())
            elif line.startswith('add '):
                rtype = line[4:].strip()
                res = {}
                cfg.setdefault(rtype, []).append(res)
        else:
            if line == 'end':
                res = None
            elif line.startswith('set '):
                k, _, v = line[4:].partition('=')
                res[k.strip()] = _unquote(v.strip())
            elif line.startswith('add '):
                k, _, v = line[4:].partition(' ')
                res.setdefault(k.strip(), []).append(_unquote(v.strip()))
    return cfg


def script_from_dict(config, current):
    """zonecfg commands that make the zone's configuration say what `config`
    says: global properties are set (None clears them) unless they already
    have that value (zonecfg refuses to set the zonepath of an installed
    zone even to what it is); each resource type named is replaced as a
    whole by the resources given (a dictionary is one resource, a list any
    number, None or [] none). Types not named are left alone. `current`:
    parse_export() of the configuration now ({} for a new zone)."""
    current_types = set(k for k, v in current.items() if isinstance(v, list))
    lines = []
    for k, v in config.items():
        key = _key(k)
        if key in RESOURCE_TYPES or isinstance(v, (dict, list)):
            if key not in RESOURCE_TYPES:
                raise ZonesError('config: %s is not a zonecfg resource type (one of %s)'
                                 % (key, ', '.join(RESOURCE_TYPES)))
            items = [] if v is None else ([v] if isinstance(v, dict) else v)
            if key in current_types:
                lines.append('remove -F %s' % key)
            for item in items:
                if not isinstance(item, dict):
                    raise ZonesError('config: each %s must be a dictionary of its properties' % key)
                lines.append('add %s' % key)
                for pk, pv in item.items():
                    pkey = _key(pk)
                    if isinstance(pv, list):
                        for one in pv:
                            lines.append('add %s %s' % (pkey, _value(one) if _value(one).startswith('(') else quote(one)))
                    elif pv is None:
                        continue
                    else:
                        lines.append('set %s=%s' % (pkey, quote(pv)))
                lines.append('end')
        elif v is None:
            if current.get(key, '') != '':
                lines.append('clear %s' % key)
        elif current.get(key) != _value(v):
            lines.append('set %s=%s' % (key, quote(v)))
    return '\n'.join(lines)


def script_from_commands(commands):
    if isinstance(commands, list):
        return '\n'.join(str(c) for c in commands)
    return str(commands)


class Zones(object):
    """The tools, run through the module (run_command: no shell)."""

    def __init__(self, module):
        self.module = module
        self.zonecfg = module.get_bin_path('zonecfg', required=True)
        self.zoneadm = module.get_bin_path('zoneadm', required=True)
        self.zlogin = module.get_bin_path('zlogin', required=False)

    def run(self, args, data=None, check=True):
        rc, out, err = self.module.run_command(args, data=data, binary_data=data is not None)
        if check and rc != 0:
            raise ZonesError((err or out).strip() or '%s exited with %d' % (args[0], rc))
        return rc, out, err

    def list(self):
        """Every zone but global, as `zoneadm list -c -o json` shows it:
        id (null unless ready/running), name, state, zonepath, uuid, brand,
        ip-type, autoboot."""
        _, out, _ = self.run([self.zoneadm, 'list', '-c', '-o', 'json'])
        try:
            zones = json.loads(out)
        except ValueError as e:
            raise ZonesError('zoneadm list -o json: %s' % e)
        return [z for z in zones if z.get('name') != 'global']

    def get(self, name):
        for z in self.list():
            if z['name'] == name:
                return z
        return None

    def export(self, name):
        _, out, _ = self.run([self.zonecfg, '-z', name, 'export'])
        return out

    def config_json(self, name):
        """zonecfg export -o json (schema/zonecfg.schema.json)."""
        _, out, _ = self.run([self.zonecfg, '-z', name, 'export', '-o', 'json'])
        try:
            return json.loads(out)
        except ValueError as e:
            raise ZonesError('zonecfg -z %s export -o json: %s' % (name, e))

    def preview(self, name, script, new, create='create'):
        """The export the zone would have after `script`, nothing saved:
        zonecfg runs it, exports, and reverts. A new zone has nothing to
        revert to: zonecfg says so and saves nothing."""
        body = (create + '\n' if new else '') + script + '\nexport\nrevert -F\n'
        rc, out, err = self.run([self.zonecfg, '-z', name, '-f', '-'], data=body, check=False)
        if rc != 0 and not (new and 'no such saved zone to revert to' in err and out.strip()):
            raise ZonesError((err or out).strip() or 'zonecfg exited with %d' % rc)
        return out

    def configure(self, name, script, new, create='create'):
        body = (create + '\n' if new else '') + script + '\n'
        self.run([self.zonecfg, '-z', name, '-f', '-'], data=body)

    def zoneadm_cmd(self, name, *args):
        self.run([self.zoneadm, '-z', name] + list(args))
