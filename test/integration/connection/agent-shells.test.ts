/**
 * The agent (agent-protocol.ts) started by each login shell it supports, bash (which runs
 * it itself, with job control and `read -N`) and dash (which execs /bin/sh with it: `read`
 * by lines, `head -c`, setsid), locally through pipes as sshd would start it: every request kind gives what the
 * same command gives under `$SHELL -c` with the same stdin. The fleet's login shell is
 * bash, so this is where the dash path is checked.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type AgentResultFrame,
  AgentStreams,
  agentCommand,
  encodeRequest,
} from '../../../src/connection/agent-protocol.js';

const shells = ['/bin/bash', '/bin/dash'].filter((s) => existsSync(s));

/** Runs the requests one after another on one agent started by `shell`; the results in order. */
async function viaAgent(
  shell: string,
  requests: [string, Buffer | undefined][],
  { sweep = true, env = {} }: { sweep?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<AgentResultFrame[]> {
  const child = spawn(shell, ['-c', agentCommand(sweep)], { env: { ...process.env, SHELL: shell, ...env } });
  const streams = new AgentStreams();
  const results: AgentResultFrame[] = [];
  let next: (() => void) | undefined;
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  child.stdout.on('data', (d: Buffer) => {
    const got = streams.feedStdout(d);
    if (got.ready) ready();
    if (got.result) {
      results.push(got.result);
      next?.();
    }
  });
  child.stderr.on('data', (d: Buffer) => {
    const got = streams.feedStderr(d);
    if (got.result) {
      results.push(got.result);
      next?.();
    }
  });
  await isReady;
  for (const [i, [command, stdin]] of requests.entries()) {
    const mark = `mark${i}x${'0'.repeat(20)}`;
    streams.expect(mark);
    const done = new Promise<void>((r) => (next = r));
    child.stdin.write(encodeRequest(mark, command, stdin));
    await done;
  }
  child.stdin.end();
  await new Promise((r) => child.once('exit', r));
  expect(streams.strayed).toBe(false);
  return results;
}

const large = `x=0\n${'# padding\n'.repeat(300)}`; // 3 KB: beyond dash's 1 KiB of lines
const huge = `x=0\n${'# padding\n'.repeat(7000)}`; // 70 KB: bash sources it from a file
const requests: [string, Buffer | undefined][] = [
  ['echo "$0 $#"; printf "%s|" "$(cat)"; echo err >&2; exit 3', Buffer.from('a\\b\n  x  \n\n')],
  ['', undefined],
  [`${large}wc -c; echo "$0"`, Buffer.from('é'.repeat(1500))],
  [`${huge}od -An -c | head -2`, Buffer.from([0, 1, 255, 10, 0])],
  ['kill -TERM $$', undefined],
  ['exit 130', undefined],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  ['echo "${__flt_c-unset} ${m-unset}"', Buffer.from('y'.repeat(3000))],
];

describe.each(shells)('the agent run by %s', (shell) => {
  it('gives each command what `$SHELL -c` gives it: output, stderr, status', async () => {
    const got = await viaAgent(shell, requests);
    expect(got).toHaveLength(requests.length);
    for (const [i, [command, stdin]] of requests.entries()) {
      const direct = spawnSync(shell, ['-c', command], { input: stdin ?? Buffer.alloc(0) });
      const name = shell.split('/').at(-1);
      // the agent's shell gets $0 = the shell's name, as sshd gives it
      const want = direct.stdout.toString().replaceAll(shell, name ?? '');
      expect(got[i]?.stdout.toString(), command.slice(0, 40)).toBe(want);
      if (command !== huge.concat('od -An -c | head -2'))
        expect(got[i]?.stderr.toString()).toBe(direct.stderr.toString());
      const status = direct.status ?? 128 + 15; // only `kill -TERM $$` dies by a signal
      expect(got[i]?.status).toBe(status);
    }
    expect(got[4]?.rc).toBeUndefined(); // killed: no rc from the EXIT trap
    expect(got[5]?.rc).toBe(130); // exit 130: the trap says so
  });

  it('sweeps the dirs of dead agents (the PID in the name) when asked, and only those', async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'flt-sweep-'));
    try {
      const gone = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim(); // a PID that has ended
      const dead = `.flotilla-agent.${gone}.aBcDeF12`;
      const alive = `.flotilla-agent.${process.pid}.aBcDeF12`; // this test's PID: alive
      const foreign = '.flotilla-agent.aBcDeF12'; // no PID in the name: not ours to judge
      for (const d of [dead, alive, foreign]) mkdirSync(path.join(tmp, d));
      await viaAgent(shell, [['true', undefined]], { sweep: false, env: { TMPDIR: tmp } });
      expect(readdirSync(tmp).sort()).toEqual([dead, alive, foreign].sort());
      await viaAgent(shell, [['true', undefined]], { env: { TMPDIR: tmp } });
      // its own dir went when it ended
      expect(readdirSync(tmp).sort()).toEqual([alive, foreign].sort());
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
