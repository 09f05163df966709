/**
 * hostvars[h] against ansible-playbook 2.14 (HostVarsVars): a value holding a template
 * renders with h's own variables, never the reading host's or the play's, and a template
 * that meets an undefined variable is left as written instead of failing the task, for a
 * single value, a list, and the whole view. A with_ loop's item (unsafe) makes what it reads
 * through hostvars unsafe; a loop: item does not (integration target loops, issue #64169).
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const GROUP_VARS = `own: "{{ inventory_hostname }}-own"
needs_play: "{{ play_only }}-x"
mixed: ["{{ inventory_hostname }}", "{{ nowhere }}"]
nested: { a: "{{ own }}", b: "{{ play_only }}" }
__foo: ["foo{{ version_64169 }}"]
`;

const PLAY = `- hosts: fleet
  gather_facts: false
  vars:
    play_only: from-play
    version_64169: '1.0'
    other: "{{ ansible_play_hosts | difference([inventory_hostname]) | first }}"
  tasks:
    - debug: msg="{{ hostvars[other].own }} {{ own }}"
    - debug: msg="{{ hostvars[other].needs_play }} / {{ needs_play }}"
    - debug: msg="{{ hostvars[other].mixed }} {{ hostvars[other].nested }}"
    - debug: msg="{{ hostvars[other] | dict2items | selectattr('key', 'in', ['own', 'mixed']) | list }}"
    - debug: msg="{{ ansible_play_hosts | map('extract', hostvars, 'own') | list }}"
    - set_fact: "{{ item.key }}={{ hostvars[inventory_hostname][item.value] }}"
      with_dict:
        foo: __foo
    - debug: msg="{{ foo }}"
    - set_fact: "{{ item.key }}={{ hostvars[inventory_hostname][item.value] }}"
      loop: "{{ {'foo': '__foo'} | dict2items }}"
    - debug: msg="{{ foo }}"
`;

describe('hostvars templating', () => {
  const fleet = ownFleet(2);

  it(
    "renders a host's values with its own variables, leaving undefined parts as written",
    async () => {
      expectSame(
        await runBoth(fleet(), { playbook: PLAY, hosts: 2, files: { 'group_vars/fleet.yml': GROUP_VARS } }),
      );
    },
    SLOW,
  );
});
