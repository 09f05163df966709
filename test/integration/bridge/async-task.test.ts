/**
 * async/poll through Ansible's async_wrapper and async_status on a real host: a job polled to
 * its end, a fire-and-forget job read later, and a job that outlives its `async` seconds.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asyncStatus, runAsync } from '../../../src/bridge/async-task.js';
import { PayloadBuilder } from '../../../src/bridge/payload-builder.js';
import type { ModuleResult } from '../../../src/modules/types.js';
import { type Harness, startHarness } from '../modules/helpers/harness.js';

const BUILTIN = '/usr/lib/python3/dist-packages/ansible/modules';
const command = { name: 'command', path: `${BUILTIN}/command.py` };
const wrapper = { name: 'ansible.legacy.async_wrapper', path: `${BUILTIN}/async_wrapper.py` };
const status = { name: 'ansible.legacy.async_status', path: `${BUILTIN}/async_status.py` };
let h: Harness;
let builder: PayloadBuilder;

beforeAll(async () => {
  h = await startHarness(1);
  builder = new PayloadBuilder();
}, 60_000);
afterAll(async () => {
  builder.close();
  await h.close();
});

describe('async tasks', () => {
  it('polls a job to its end, reporting each unfinished poll, and removes its status file', async () => {
    const polls: ModuleResult[] = [];
    const res = await runAsync(
      command,
      { _raw_params: '/bin/sh -c "sleep 2.5; echo done"' },
      h.ctx(),
      builder,
      {
        asyncSeconds: 20,
        pollSeconds: 1,
        wrapper,
        status,
        onPoll: (s) => polls.push(s),
      },
    );
    expect(res).toMatchObject({ finished: 1, started: 1, rc: 0, stdout: 'done', changed: true });
    expect(String(res.ansible_job_id)).toMatch(/^j\d+\.\d+$/);
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls[0]).toMatchObject({ started: 1, finished: 0, ansible_job_id: res.ansible_job_id });
    const left = await h.transports[0].exec(`test -e ${res.results_file} && echo left || echo gone`);
    expect(left.stdout.trim()).toBe('gone');
  });

  it('with poll 0 returns the started job, which async_status reads later', async () => {
    const started = await runAsync(command, { _raw_params: 'echo later' }, h.ctx(), builder, {
      asyncSeconds: 20,
      pollSeconds: 0,
      wrapper,
      status,
    });
    expect(started).toMatchObject({ started: 1, finished: 0, changed: true });
    const jid = String(started.ansible_job_id);
    let result: ModuleResult = {};
    for (let i = 0; i < 50 && Number(result.finished ?? 0) !== 1; i++) {
      await new Promise((r) => setTimeout(r, 200));
      // asyncStatus takes the (expanded) async dir; results_file is <dir>/<jid>
      const dir = path.dirname(String(started.results_file));
      result = (await asyncStatus(jid, 'status', dir, h.ctx(), builder, status)).data;
    }
    expect(result).toMatchObject({ finished: 1, stdout: 'later', rc: 0, ansible_job_id: jid });
  });

  it("fails a job that outlives its async seconds with Ansible's message", async () => {
    const res = await runAsync(command, { _raw_params: 'sleep 30' }, h.ctx(), builder, {
      asyncSeconds: 2,
      pollSeconds: 1,
      wrapper,
      status,
    });
    expect(res).toMatchObject({
      failed: true,
      msg: 'async task did not complete within the requested time - 2s',
    });
    expect(res.async_result).toMatchObject({ started: 1, finished: 0 });
  });
});
