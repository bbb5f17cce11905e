#!/usr/bin/python
# MIT License (see the collection's galaxy.yml)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: zone_info
short_description: Facts about the zones of a Zones for Linux host
description:
  - Every zone (or the ones named) as C(zoneadm list -c -o json) shows it
    (state, zone ID, zonepath, UUID, brand, IP type, autoboot), with its
    configuration as C(zonecfg export -o json) gives it and as C(zonecfg
    export) text.
  - Reads only; never changes anything (check mode is the same run).
version_added: 0.1.0
options:
  name:
    description: Only these zones (a zone that does not exist is left out).
    type: list
    elements: str
    default: []
  config:
    description: Include each zone's configuration (one C(zonecfg export) per zone).
    type: bool
    default: true
author:
  - Zones for Linux
'''

EXAMPLES = r'''
- name: All zones
  zones.linux.zone_info:
  register: z

- name: The running ones
  ansible.builtin.debug:
    msg: "{{ z.zones | selectattr('state', 'equalto', 'running') | map(attribute='name') | list }}"
'''

RETURN = r'''
zones:
  description: One entry per zone, in C(zoneadm list) order (the global zone is not listed).
  returned: always
  type: list
  elements: dict
  contains:
    name: {description: The zone's name., type: str}
    state: {description: "configured, incomplete, installed, ready, running, shutting_down, down or mounted.", type: str}
    id: {description: The zone ID while ready or running, else null., type: int}
    zonepath: {description: The zonepath., type: str}
    uuid: {description: Set once installed., type: str}
    brand: {description: "sparse, whole, ...", type: str}
    ip-type: {description: shared or exclusive., type: str}
    autoboot: {description: The autoboot property., type: bool}
    config: {description: "The configuration as zonecfg export -o json prints it (schema/zonecfg.schema.json)", type: dict}
    export: {description: The C(zonecfg export) text., type: str}
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.zones.linux.plugins.module_utils.zones import Zones, ZonesError


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type='list', elements='str', default=[]),
            config=dict(type='bool', default=True),
        ),
        supports_check_mode=True,
    )
    try:
        tools = Zones(module)
        zones = tools.list()
        if module.params['name']:
            zones = [z for z in zones if z['name'] in module.params['name']]
        if module.params['config']:
            for z in zones:
                z['config'] = tools.config_json(z['name'])
                z['export'] = tools.export(z['name'])
        module.exit_json(changed=False, zones=zones)
    except ZonesError as e:
        module.fail_json(msg=str(e))


if __name__ == '__main__':
    main()
