/**
 * async/poll as ansible-playbook 2.14 runs them, through Ansible's async_wrapper and
 * async_status: a polled job (ASYNC POLL / ASYNC OK lines), shell under async (Ansible's
 * command module with _uses_shell), fire-and-forget with poll 0 read back by async_status, a
 * job that outlives its async seconds (ASYNC FAILED), async in check mode, and a loop.
 * One host: Ansible prints the async lines as they happen, so with several hosts their order
 * is the race's. The timings leave two seconds of margin either side of each poll.
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const PLAY = `- hosts: fleet
  gather_facts: false
  tasks:
    - name: polled
      command: /bin/sh -c "sleep 5; echo done"
      async: 20
      poll: 3
      register: polled
    - debug: var=polled.stdout
    - name: fire and forget, under shell
      shell: echo later | tr a-z A-Z
      async: 20
      poll: 0
      register: job
    - name: let it end
      command: sleep 1
    - name: read it back
      async_status:
        jid: "{{ job.ansible_job_id }}"
      register: st
    - debug: msg="{{ st.stdout }} {{ st.finished }} {{ st.rc }}"
    - name: too slow
      command: sleep 10
      async: 2
      poll: 1
      ignore_errors: true
    - name: check mode
      command: echo x
      async: 5
      check_mode: true
      ignore_errors: true
    - name: a loop of jobs
      command: "echo {{ item }}"
      async: 10
      poll: 2
      loop: [a, b]
`;

/** ansible_async_dir (the sh shell's async_dir option): where the wrapper and async_status look. */
const CUSTOM_DIR = `- hosts: fleet
  gather_facts: false
  vars:
    jobs: "{{ root }}/jobs"
  tasks:
    - name: polled, in a dir of its own
      command: echo hi
      async: 10
      poll: 2
      register: polled
      vars:
        ansible_async_dir: "{{ jobs }}"
    - stat:
        path: "{{ jobs }}"
      register: made
    - debug: msg="{{ made.stat.isdir }} {{ polled.stdout }}"
    - name: fire and forget, in that dir
      command: echo later
      async: 10
      poll: 0
      register: job
      vars:
        ansible_async_dir: "{{ jobs }}"
    - command: sleep 1
    - name: not in the default dir
      async_status:
        jid: "{{ job.ansible_job_id }}"
      ignore_errors: true
    - name: in the custom dir
      async_status:
        jid: "{{ job.ansible_job_id }}"
      register: st
      vars:
        ansible_async_dir: "{{ jobs }}"
    - debug: msg="{{ st.stdout }} {{ st.finished }} {{ st.results_file == jobs ~ '/' ~ job.ansible_job_id }}"
    - name: cleaned up there
      async_status:
        jid: "{{ job.ansible_job_id }}"
        mode: cleanup
      register: gone
      vars:
        ansible_async_dir: "{{ jobs }}"
    - debug: msg="{{ gone.erased == jobs ~ '/' ~ job.ansible_job_id }}"
`;

/** Most action plugins refuse async (ActionBase._supports_async), before their own checks. */
const REFUSED = `- hosts: fleet
  gather_facts: false
  tasks:
    - name: script
      script: hello.sh
      async: 5
      register: sc
      ignore_errors: true
    - debug: var=sc
    - name: debug, shown compact
      debug: msg=hi
      async: 5
      ignore_errors: true
    - name: copy, even in check mode
      copy: content=x dest="{{ root }}/x"
      async: 5
      check_mode: true
      ignore_errors: true
    - name: raw, polled or not
      raw: echo hi
      async: 5
      poll: 0
      ignore_errors: true
    - name: set_fact in a loop
      set_fact: x=1
      async: 5
      loop: [1, 2]
      ignore_errors: true
    - name: template with arguments it would refuse anyway
      template: src=nope dest=nope state=absent
      async: 5
      ignore_errors: true
    - name: async 0 is no async
      debug: msg=fine
      async: 0
`;

/** Job ids are random; the normaliser keeps everything else. */
function steady(r: Awaited<ReturnType<typeof runBoth>>): typeof r {
  for (const side of [r.ansible, r.flotilla]) side.stdout = side.stdout.replace(/j\d+\.\d+/g, 'JID');
  return r;
}

describe('async and poll against ansible-playbook', () => {
  const fleet = ownFleet(1);

  it('polled, fire-and-forget, async_status, timed out, check mode and looped jobs', {
    timeout: SLOW,
  }, async () => {
    expectSame(steady(await runBoth(fleet(), { playbook: PLAY, hosts: 1 })));
  });

  it('action plugins that refuse async', { timeout: SLOW }, async () => {
    expectSame(
      await runBoth(fleet(), {
        playbook: REFUSED,
        hosts: 1,
        files: { 'hello.sh': '#!/bin/sh\necho hello\n' },
      }),
    );
  });

  it('ansible_async_dir moves the job files and async_status looks there', { timeout: SLOW }, async () => {
    expectSame(steady(await runBoth(fleet(), { playbook: CUSTOM_DIR, hosts: 1 })));
  });
});
