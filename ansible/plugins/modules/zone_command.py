#!/usr/bin/python
# MIT License (see the collection's galaxy.yml)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: zone_command
short_description: Run a command in a running zone (zlogin)
description:
  - Runs a command in a running zone with C(zlogin), as the zone's root or a
    user of the zone's own passwd file, and returns its exit status and
    output. The command is run as zlogin runs it, by illumos' rules, with the
    user's shell when it holds a shell character and directly otherwise.
  - Like M(ansible.builtin.command) it reports a change unless I(creates) or
    I(removes) (paths inside the zone) say there is nothing to do; a non-zero
    exit status fails the task.
version_added: 0.1.0
options:
  name:
    description: The zone.
    type: str
    required: true
  command:
    description: The command line.
    type: str
    required: true
  user:
    description: A user of the zone's own passwd file (C(zlogin -l)); default root.
    type: str
  stdin:
    description: Text handed to the command's standard input.
    type: str
  creates:
    description: A path inside the zone; when it exists the command is not run.
    type: str
  removes:
    description: A path inside the zone; when it does not exist the command is not run.
    type: str
author:
  - Zones for Linux
'''

EXAMPLES = r'''
- name: What runs in web
  zones.linux.zone_command:
    name: web
    command: ps -e
  register: ps

- name: Create a file once
  zones.linux.zone_command:
    name: web
    command: touch /var/tmp/done
    creates: /var/tmp/done
'''

RETURN = r'''
rc: {description: The command's exit status (128+N when signal N killed it)., returned: when run, type: int}
stdout: {description: Its standard output., returned: when run, type: str}
stderr: {description: Its standard error., returned: when run, type: str}
cmd: {description: The zlogin command line., returned: always, type: list, elements: str}
'''

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type='str', required=True),
            command=dict(type='str', required=True),
            user=dict(type='str'),
            stdin=dict(type='str'),
            creates=dict(type='str'),
            removes=dict(type='str'),
        ),
        supports_check_mode=True,
    )
    p = module.params
    zlogin = module.get_bin_path('zlogin', required=True)
    base = [zlogin] + (['-l', p['user']] if p['user'] else []) + [p['name']]
    cmd = base + [p['command']]

    def exists(path):
        rc, out, err = module.run_command(base + ['test', '-e', path])
        if rc not in (0, 1):
            module.fail_json(msg=(err or out).strip() or 'zlogin exited with %d' % rc, cmd=cmd, rc=rc)
        return rc == 0

    if p['creates'] and exists(p['creates']):
        module.exit_json(changed=False, cmd=cmd, msg='%s exists in zone %s' % (p['creates'], p['name']))
    if p['removes'] and not exists(p['removes']):
        module.exit_json(changed=False, cmd=cmd, msg='%s does not exist in zone %s' % (p['removes'], p['name']))
    if module.check_mode:
        module.exit_json(changed=True, cmd=cmd, msg='not run in check mode')
    rc, out, err = module.run_command(cmd, data=p['stdin'])
    result = dict(changed=True, cmd=cmd, rc=rc, stdout=out, stderr=err)
    if rc != 0:
        module.fail_json(msg='non-zero return code', **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
