/**
 * Python action plugins from action_plugins/ dirs (the playbook's and a role's) against
 * ansible-playbook 2.14: a plugin that raises (Ansible's "Unexpected failure") and one that
 * fails with AnsibleActionFail; one that runs a command and a module on the host, in and out
 * of check mode; a role's plugin in front of its library/ module of the same name; one that
 * templates a module's output (host data: left as written); and the until target's plugin,
 * which runs Ansible's shell action, retried until its rc is 0. On hosts spread over two
 * workers. Whole normalised stdout, exit code and files must match.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const HEADER = `from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

class ActionModule(ActionBase):
`;

const FILES = {
  'action_plugins/boom.py': `${HEADER}
    def run(self, tmp=None, task_vars=None):
        raise Exception('boom')
`,
  'action_plugins/refuse.py': `${HEADER}
    def run(self, tmp=None, task_vars=None):
        raise AnsibleActionFail('refused for %s' % task_vars['inventory_hostname'], result={'extra': [1, 2]})
`,
  'action_plugins/probe.py': `${HEADER}
    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        low = self._low_level_execute_command('echo out; echo err >&2; id -un')
        st = self._execute_module(module_name='ansible.legacy.stat',
                                  module_args={'path': self._task.args['path']}, task_vars=task_vars)
        result.update(ll=low['stdout'], ll_rc=low['rc'], exists=st['stat']['exists'],
                      check=self._task.check_mode, host=task_vars['inventory_hostname'])
        return result
`,
  'action_plugins/templ.py': `${HEADER}
    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        out = self._execute_module(module_name='ansible.legacy.command',
                                   module_args={'_raw_params': "printf %s '{{ 7 * 6 }}'"}, task_vars=task_vars)
        result['msg'] = self._templar.template(out['stdout'])
        result['mine'] = self._templar.template('{{ 7 * 6 }}')
        return result
`,
  'action_plugins/shell_no_failed.py': `${HEADER}
    def run(self, tmp=None, task_vars=None):
        try:
            self._task.args['_raw_params'] = self._task.args.pop('cmd')
        except KeyError:
            pass
        shell_action = self._shared_loader_obj.action_loader.get(
            'ansible.legacy.shell', task=self._task, connection=self._connection,
            play_context=self._play_context, loader=self._loader, templar=self._templar,
            shared_loader_obj=self._shared_loader_obj)
        result = shell_action.run(task_vars=task_vars)
        result.pop('failed', None)
        return result
`,
  'roles/r/library/greet.py': `from ansible.module_utils.basic import AnsibleModule

def main():
    module = AnsibleModule(argument_spec=dict(name=dict(type='str', required=True)))
    module.exit_json(changed=True, msg='hello %s' % module.params['name'])

main()
`,
  'roles/r/action_plugins/greet.py': `${HEADER}
    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = dict(self._task.args)
        args.setdefault('name', task_vars['inventory_hostname'])
        result.update(self._execute_module(module_name='greet', module_args=args, task_vars=task_vars))
        result['via_plugin'] = True
        return result
`,
  'roles/r/tasks/main.yml': `- greet:
  register: g
- debug: msg="{{ g.msg }} {{ g.via_plugin }} {{ g.changed }}"
- greet: name=x
`,
};

const PLAY = `- hosts: fleet
  gather_facts: false
  roles: [r]
  tasks:
    - boom:
      register: b
      ignore_errors: true
    - debug: msg="{{ b.msg }} {{ b.failed }} {{ b.changed is defined }}"
    - refuse:
      ignore_errors: true
    - probe: path={{ root }}
      register: p
    - debug: var=p
    - probe: path={{ root }}/none
      check_mode: true
      register: p2
    - debug: msg="{{ p2.exists }} {{ p2.check }}"
    - templ:
      register: t
    - debug: msg="{{ t.msg }} / {{ t.mine }}"
    - copy: dest={{ root }}/{{ inventory_hostname }}-counter content=2
    - shell_no_failed:
        cmd: C=$(cat {{ root }}/{{ inventory_hostname }}-counter); echo $((C - 1)) > {{ root }}/{{ inventory_hostname }}-counter; exit $C
      register: counter
      delay: 0.1
      until: counter.rc == 0
      # one host: two hosts' retry lines interleave as they happen to
      when: inventory_hostname == ansible_play_hosts[0]
    - debug: msg="{{ counter.attempts }} {{ counter.stdout_lines }}"
`;

describe('Python action plugins from action_plugins/', () => {
  const fleet = ownFleet(2);

  it(
    "a playbook's and a role's plugins: errors, commands and modules on the host, check mode, until",
    async () => {
      const r = await runBoth(fleet(), { playbook: PLAY, hosts: 2, files: FILES });
      expectSame(r);
      // a module's output is host data: the plugin's templar leaves it as written
      expect(r.flotilla.stdout).toContain('"msg": "{{ 7 * 6 }} / 42"');
    },
    SLOW,
  );
});
