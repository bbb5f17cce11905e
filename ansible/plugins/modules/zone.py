#!/usr/bin/python
# MIT License (see the collection's galaxy.yml)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: zone
short_description: Manage a zone of Zones for Linux
description:
  - Configures, installs, boots, halts, detaches, attaches and removes a zone
    with C(zonecfg) and C(zoneadm), as M(community.general.solaris_zone) does on
    Solaris, on Linux hosts running Zones for Linux.
  - Idempotent. The configuration is compared as zonecfg itself exports it; a
    change to a ready or running zone is made live with C(zoneadm apply)
    (resource controls) unless I(apply=false).
  - Supports check mode and diff mode (the configuration as C(zonecfg export)
    before and after, and the state).
version_added: 0.1.0
options:
  name:
    description: The zone's name.
    type: str
    required: true
  state:
    description:
      - C(configured) the configuration exists (and says what I(config) says);
        the zone is not installed or halted if it already is.
      - C(present) or C(installed) configured and installed; a running zone
        keeps running.
      - C(running) configured, installed and booted (C(started) is the same).
      - C(stopped) configured and installed, not running (halted, or shut down
        with I(shutdown=true)).
      - C(detached) halted (a running zone) and detached (C(zoneadm detach)),
        so in state C(configured) with the manifest C(ZONEPATH/SUNWdetached.xml). A
        detached zone stays as it is.
      - C(attached) attached (C(zoneadm attach), with I(attach_options)), not
        booted; a zone that is installed already stays as it is; a zone that
        is configured but not detached is an error (nothing to attach).
        C(present), C(running) and C(stopped) attach a detached zone too.
      - C(absent) halted, uninstalled and its configuration deleted.
    type: str
    choices: [configured, present, installed, running, started, stopped, detached, attached, absent]
    default: present
  config:
    description:
      - The configuration. Either C(zonecfg) commands (a string, with one
        command per line or separated by C(;), or a list of commands), run
        against the current configuration (after C(create) for a new zone),
        or a dictionary.
      - In a dictionary, a key with a scalar value is a global property
        (C(zonepath), C(autoboot), C(ip-type), C(max-lwps) ...; C(_) may stand
        for C(-)), C(null) clears it. A key naming a resource type (C(net),
        C(capped-memory), C(rctl), C(attr), C(fs) ...) takes one resource (a
        dictionary) or a list of them, and replaces every resource of that
        type; C(null) or C([]) removes them all. A list value inside a resource
        is added item by item (C(add value (...)) for an rctl).
      - Types and properties not named are left as they are. A string that
        starts with C({) is read as a JSON dictionary (ad hoc C(-a) arguments).
      - Nothing changes when zonecfg's export of the result is the export of
        the current configuration, so commands should converge (C(set),
        C(clear), C(remove -F) then C(add)).
    type: raw
  path:
    description:
      - The zonepath. Needed to create a zone (unless I(config) sets it);
        for an existing zone it must be the zonepath it has, or, while the zone
        is only configured, it is changed to it (C(zoneadm move) moves an
        installed zone).
    type: str
  template:
    description: The template a new zone is created from (C(create -t TEMPLATE)); default C(create).
    type: str
  install_options:
    description: Arguments of C(zoneadm install), e.g. C([-a, /srv/root.tar.xz]) for a whole-root zone.
    type: list
    elements: str
    default: []
  attach_options:
    description: Arguments of C(zoneadm attach), e.g. C([-F]) to attach without the checks.
    type: list
    elements: str
    default: []
  boot_options:
    description: Boot arguments handed to the zone's init (C(zoneadm boot -- ARGS)).
    type: str
    default: ''
  shutdown:
    description: Stop a running zone with C(zoneadm shutdown) (through its init) rather than C(zoneadm halt).
    type: bool
    default: false
  apply:
    description: Make a configuration change of a ready or running zone live with C(zoneadm apply).
    type: bool
    default: true
author:
  - Zones for Linux
'''

EXAMPLES = r'''
- name: A running sparse zone with a memory cap and a task limit
  zones.linux.zone:
    name: web
    state: running
    config:
      zonepath: /zones/web
      autoboot: true
      max-lwps: 2000
      capped-memory:
        physical: 512M
      net:
        - physical: br0
          address: 198.18.0.2/24

- name: The same with zonecfg commands
  zones.linux.zone:
    name: web
    path: /zones/web
    state: running
    config: |
      set autoboot=true
      set max-lwps=2000

- name: Halt it
  zones.linux.zone:
    name: web
    state: stopped

- name: Remove it
  zones.linux.zone:
    name: web
    state: absent
'''

RETURN = r'''
name:
  description: The zone's name.
  returned: always
  type: str
state:
  description: The zone's state afterwards, as C(zoneadm list) names it (C(absent) when there is no zone).
  returned: always
  type: str
  sample: running
config:
  description: The configuration afterwards as C(zonecfg export) prints it.
  returned: when the zone exists afterwards
  type: str
applied:
  description: Whether C(zoneadm apply) made a configuration change live.
  returned: always
  type: bool
commands:
  description: The zoneadm verbs run, in order (also in check mode, where none runs).
  returned: always
  type: list
  elements: str
'''

import json
import os

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.zones.linux.plugins.module_utils.zones import (
    Zones, ZonesError, parse_export, quote, script_from_commands, script_from_dict)

LIVE = ('ready', 'running', 'shutting_down', 'down')


class ZoneModule(object):
    def __init__(self, module):
        self.m = module
        self.p = module.params
        self.name = self.p['name']
        self.tools = Zones(module)
        self.changed = False
        self.applied = False
        self.commands = []
        self.zone = self.tools.get(self.name)
        self.before_state = self.zone['state'] if self.zone else 'absent'
        self.before_config = self.tools.export(self.name) if self.zone else ''
        self.after_config = self.before_config
        # In check mode the state the zone would be in.
        self.state = self.before_state

    # --- zoneadm verbs: recorded, run unless in check mode -------------------
    def verb(self, new_state, *args):
        self.commands.append('zoneadm -z %s %s' % (self.name, ' '.join(args)))
        self.changed = True
        if not self.m.check_mode:
            self.tools.zoneadm_cmd(self.name, *args)
            z = self.tools.get(self.name)
            self.state = z['state'] if z else 'absent'
        else:
            self.state = new_state

    def detached(self):
        if self.state != 'configured':
            return False
        zonepath = (self.zone or {}).get('zonepath') or ''
        return bool(zonepath) and os.path.exists(os.path.join(zonepath, 'SUNWdetached.xml'))

    # --- configuration ----------------------------------------------------------
    def ensure_config(self):
        config = self.p['config']
        path = self.p['path']
        new = self.zone is None
        if config is None and path is None:
            if new:
                self.m.fail_json(msg="zone '%s' is not configured: give its path or config" % self.name)
            return
        if isinstance(config, str) and config.lstrip().startswith('{'):
            # A dictionary that arrived as text (ad hoc k=v arguments): no
            # zonecfg command starts with "{".
            try:
                config = json.loads(config)
            except ValueError as e:
                self.m.fail_json(msg='config: not a JSON object: %s' % e)
        script = ''
        if path is not None and (new or self.zone['zonepath'] != path):
            if not new and self.state != 'configured':
                self.m.fail_json(msg="zone '%s' has zonepath %s, not %s; zoneadm move changes the zonepath "
                                 "of an installed zone" % (self.name, self.zone['zonepath'], path))
            script = 'set zonepath=%s\n' % quote(path)
        if isinstance(config, dict):
            script += script_from_dict(config, parse_export(self.before_config))
        elif isinstance(config, (str, list)):
            script += script_from_commands(config)
        elif config is not None:
            self.m.fail_json(msg='config: zonecfg commands (a string or a list) or a dictionary')
        if not new and not script.strip():
            return
        create = 'create -t %s' % self.p['template'] if self.p['template'] else 'create'
        after = self.tools.preview(self.name, script, new, create)
        if after == self.before_config:
            return
        self.changed = True
        self.after_config = after
        if self.m.check_mode:
            if new:
                self.state = 'configured'
        else:
            self.tools.configure(self.name, script, new, create)
            self.after_config = self.tools.export(self.name)
            self.zone = self.tools.get(self.name)
            self.state = self.zone['state']
        if self.state in ('ready', 'running') and self.p['apply']:
            self.verb(self.state, 'apply')
            self.applied = not self.m.check_mode

    # --- states -----------------------------------------------------------------
    def install(self):
        if self.detached():
            self.verb('installed', 'attach', *self.p['attach_options'])
        elif self.state == 'incomplete':
            self.m.fail_json(msg="zone '%s' is incomplete; uninstall required." % self.name)
        elif self.state == 'configured':
            self.verb('installed', 'install', *self.p['install_options'])

    def halt(self):
        if self.state == 'running' and self.p['shutdown']:
            self.verb('installed', 'shutdown')
        elif self.state in LIVE:
            self.verb('installed', 'halt')

    def run(self):
        want = self.p['state']
        if want == 'absent':
            if self.zone is not None:
                self.halt()
                if self.state in ('installed', 'incomplete'):
                    self.verb('configured', 'uninstall', '-F')
                self.commands.append('zonecfg -z %s delete -F' % self.name)
                self.changed = True
                if not self.m.check_mode:
                    self.tools.run([self.tools.zonecfg, '-z', self.name, 'delete', '-F'])
                self.state = 'absent'
                self.after_config = ''
            return
        self.ensure_config()
        if want in ('present', 'installed'):
            self.install()
        elif want in ('running', 'started'):
            self.install()
            if self.state in ('installed', 'ready'):
                args = ['boot'] + (['--', self.p['boot_options']] if self.p['boot_options'] else [])
                self.verb('running', *args)
        elif want == 'stopped':
            self.install()
            self.halt()
        elif want == 'detached':
            if not self.detached():
                self.halt()
                if self.state == 'installed':
                    self.verb('configured', 'detach')
                elif self.state != 'configured' or not self.detached():
                    self.m.fail_json(msg="zone '%s' cannot be detached in state '%s'" % (self.name, self.state))
        elif want == 'attached':
            if self.detached():
                self.verb('installed', 'attach', *self.p['attach_options'])
            elif self.state == 'configured':
                self.m.fail_json(msg="zone '%s' is configured but not detached: nothing to attach "
                                 "(use state=installed to install it)" % self.name)

    def result(self):
        r = dict(changed=self.changed, name=self.name, state=self.state, applied=self.applied,
                 commands=self.commands)
        if self.state != 'absent':
            r['config'] = self.after_config
        if self.m._diff:
            r['diff'] = [
                dict(before_header='%s (zonecfg export)' % self.name, after_header='%s (zonecfg export)' % self.name,
                     before=self.before_config, after=self.after_config),
                dict(before_header='%s (state)' % self.name, after_header='%s (state)' % self.name,
                     before='state: %s\n' % self.before_state, after='state: %s\n' % self.state),
            ]
        return r


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type='str', required=True),
            path=dict(type='str'),
            state=dict(type='str', default='present',
                       choices=['configured', 'present', 'installed', 'running', 'started', 'stopped',
                                'detached', 'attached', 'absent']),
            config=dict(type='raw'),
            template=dict(type='str'),
            install_options=dict(type='list', elements='str', default=[]),
            attach_options=dict(type='list', elements='str', default=[]),
            boot_options=dict(type='str', default=''),
            shutdown=dict(type='bool', default=False),
            apply=dict(type='bool', default=True),
        ),
        supports_check_mode=True,
    )
    try:
        z = ZoneModule(module)
        z.run()
        module.exit_json(**z.result())
    except ZonesError as e:
        module.fail_json(msg=str(e), name=module.params['name'])


if __name__ == '__main__':
    main()
