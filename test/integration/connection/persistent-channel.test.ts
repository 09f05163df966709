/**
 * The persistent channel (agent-channel.ts) against the real sshd fleet: one session per
 * connection whatever the number of commands, exact output, per-command environment,
 * timeouts that kill only the command, recovery from a killed agent, no debris.
 * The fleet's hosts are this machine, so the agent's temp dir is checked with fs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundTripsMade, sessionsOpened } from '../../../src/connection/session-count.js';
import { SshTransport } from '../../../src/connection/ssh-transport.js';
import { type Fleet, startFleet, stopFleet } from '../../../tools/fleet/index.js';
import { eventually, fleetParams } from './fleet-params.js';

let fleet: Fleet;
const opened: SshTransport[] = [];

beforeAll(async () => {
  fleet = await startFleet({ hosts: 14 });
});

afterAll(async () => {
  await Promise.all(opened.map((t) => t.close()));
  if (fleet) await stopFleet(fleet);
});

/** A connected transport to fleet host `i` (one host per test, so its session count is its own). */
async function connect(i: number, persistentChannel = true): Promise<SshTransport> {
  const t = new SshTransport(fleetParams(fleet, i), { persistentChannel });
  opened.push(t);
  await t.connect();
  return t;
}

const host = (i: number) => fleet.hosts[i].name;

/** The agent's private temp dir, as a command sees it. */
async function agentDir(t: SshTransport): Promise<string> {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  const dir = (await t.exec('printf %s "${__flt_r%/r}"')).stdout;
  expect(dir).toMatch(/\/\.flotilla-agent\.\d+\.\w+$/); // the agent's PID in its name (the sweep reads it)
  return dir;
}

describe('the persistent channel', () => {
  it('runs N commands, puts and gets over one session (the agent off: one per command)', async () => {
    const t = await connect(0);
    const before = sessionsOpened(host(0));
    const tripsBefore = roundTripsMade(host(0));
    for (let i = 0; i < 20; i++) expect((await t.exec(`echo ${i}`)).stdout).toBe(`${i}\n`);
    const file = `${fleet.dir}/pc-count.txt`;
    await t.put('x', file, 0o640);
    expect((await t.get(file)).toString()).toBe('x');
    expect(await t.isAlive()).toBe(true); // a keepalive is not a command's round trip
    expect(sessionsOpened(host(0)) - before).toBe(1);
    expect(roundTripsMade(host(0)) - tripsBefore).toBe(22);

    const off = await connect(1, false);
    const offBefore = sessionsOpened(host(1));
    for (let i = 0; i < 20; i++) await off.exec(`echo ${i}`);
    expect(sessionsOpened(host(1)) - offBefore).toBe(20);
  });

  it('is binary-safe both ways: all 256 byte values, 1 MiB in, 3 MiB out', async () => {
    const t = await connect(2);
    await t.exec('true');
    const before = sessionsOpened(host(2));
    const data = Buffer.alloc(1024 * 1024); // the largest stdin the agent takes
    for (let i = 0; i < data.length; i++) data[i] = (i * 131 + (i >> 8)) & 255;
    const sha = createHash('sha256').update(data).digest('hex');
    // stdin in: the command sees the exact bytes
    expect((await t.exec('sha256sum', { stdin: data })).stdout).toBe(`${sha}  -\n`);
    // stdin through to stdout and back as bytes (get is `cat` over the agent)
    const file = `${fleet.dir}/pc-binary.bin`;
    await t.exec(`cat > ${file}`, { stdin: data });
    expect((await t.get(file)).equals(data)).toBe(true);
    await t.put(data, `${file}.2`, 0o600);
    expect((await t.exec(`sha256sum < ${file}.2`)).stdout).toBe(`${sha}  -\n`);
    await t.exec(`cat ${file} ${file} ${file} > ${file}.3`);
    expect((await t.get(`${file}.3`)).equals(Buffer.concat([data, data, data]))).toBe(true);
    // an exact-length stdin ends where it should: the next command does not see its bytes
    expect((await t.exec('wc -c', { stdin: Buffer.from([0, 10, 255]) })).stdout.trim()).toBe('3');
    expect((await t.exec('wc -c')).stdout.trim()).toBe('0');
    expect(sessionsOpened(host(2)) - before).toBe(0);
    // a larger stdin in memory has its own session (no copy in the host's temp dir)
    expect((await t.exec('wc -c', { stdin: Buffer.concat([data, data]) })).stdout.trim()).toBe(
      String(2 * data.length),
    );
    expect(sessionsOpened(host(2)) - before).toBe(1);
  });

  it('keeps stdout and stderr apart, with rc and signals as ExecResult reports them', async () => {
    const t = await connect(3);
    const r = await t.exec('i=0; while [ $i -lt 500 ]; do echo o$i; echo e$i >&2; i=$((i+1)); done; exit 7');
    const lines = (p: string) => Array.from({ length: 500 }, (_, i) => `${p}${i}\n`).join('');
    expect(r).toEqual({ rc: 7, stdout: lines('o'), stderr: lines('e') });
    expect(await t.exec('kill -KILL $$')).toMatchObject({ rc: -1, signal: 'SIGKILL' });
    expect(await t.exec('exit 130')).toEqual({ rc: 130, stdout: '', stderr: '' });
    expect(await t.exec('no_such_command_pc')).toMatchObject({ rc: 127 });
  });

  it('gives each command its own environment', async () => {
    const t = await connect(4);
    expect((await t.exec('printf %s "$PC_VAR"', { env: { PC_VAR: "it's $x\nsecond" } })).stdout).toBe(
      "it's $x\nsecond",
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
    expect((await t.exec('printf %s "${PC_VAR-unset}"')).stdout).toBe('unset');
    expect((await t.exec('printf %s "$d|$S|$w"')).stdout).toBe('||'); // the agent's variables do not leak
  });

  it('a timeout kills the command (its process group), not the channel: the next command runs on it', async () => {
    const t = await connect(5);
    const dir = await agentDir(t);
    const err = await t.exec('sleep 31.4159 & sleep 31.4158', { timeoutMs: 500 }).catch((e) => e);
    expect(err).toMatchObject({ code: 'FLT_CONN_COMMAND_TIMEOUT' });
    const ps = () => t.exec('ps -eo args').then((r) => r.stdout);
    // the kill is TERM, then KILL a second later; both sleeps were in the group
    let left = '';
    for (let i = 0; i < 40 && /sleep 31\.415/.test((left = await ps())); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(left).not.toMatch(/sleep 31\.415/);
    expect(await t.exec('echo after')).toEqual({ rc: 0, stdout: 'after\n', stderr: '' });
    // the same agent runs commands again once its killed command is reaped (meanwhile
    // commands get their own sessions)
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
    const seen = async () => (await t.exec('printf %s "${__flt_r%/r}"')).stdout;
    let now = '';
    for (let i = 0; i < 40 && (now = await seen()) === ''; i++) await new Promise((r) => setTimeout(r, 100));
    expect(now).toBe(dir);
  });

  it('reopens the agent when it was killed on the host (pkill), transparently', async () => {
    const t = await connect(6);
    const before = sessionsOpened(host(6));
    const dir = await agentDir(t);
    const agentPid = (await t.exec('echo $PPID')).stdout.trim();
    const killer = await connect(7);
    await killer.exec(`kill ${agentPid}`); // TERM, as pkill sends by default
    expect(await eventually(() => !existsSync(dir))).toBe(true); // its trap removed its dir
    // a command sent before the channel's close reaches us fails as on a lost session (it may
    // have run); the next one reopens: let the close arrive
    await new Promise((r) => setTimeout(r, 300));
    expect(await t.exec('echo back')).toEqual({ rc: 0, stdout: 'back\n', stderr: '' });
    expect(await agentDir(t)).not.toBe(dir);
    expect(sessionsOpened(host(6)) - before).toBe(2);
    // killed outright, it cannot clean up: the next agent removes the dir it left
    const dir2 = await agentDir(t);
    await killer.exec(`kill -KILL ${(await t.exec('echo $PPID')).stdout.trim()}`);
    await new Promise((r) => setTimeout(r, 300)); // as above: let the close arrive
    expect(await t.exec('echo again')).toMatchObject({ rc: 0, stdout: 'again\n' });
    expect(existsSync(dir2)).toBe(false);
  });

  it('leaves no command data in its temp dir while idle, and removes the dir on close', async () => {
    const t = await connect(8);
    const dir = await agentDir(t);
    await t.exec('cat >/dev/null; echo x; echo y >&2', { stdin: 'data' });
    // the agent empties a command's files once it has sent its reply (stdin held env values)
    const leftovers = () => readdirSync(dir).filter((f) => f !== 'pid' && statSync(`${dir}/${f}`).size > 0);
    expect(await eventually(() => leftovers().length === 0)).toBe(true);
    await t.close();
    expect(existsSync(dir)).toBe(false);
  });

  it('runs concurrent commands (the busy agent’s neighbours get their own sessions), and interrupts them', async () => {
    const t = await connect(9);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => t.exec(`echo ${i}`)));
    expect(results.map((r) => r.stdout)).toEqual(['0\n', '1\n', '2\n', '3\n', '4\n', '5\n']);
    const started = Date.now();
    const running = t.exec('sleep 27.1828').catch((e) => e);
    await new Promise((r) => setTimeout(r, 300));
    await t.interruptRunning(3000);
    const r = await running;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r).toMatchObject({ rc: -1, signal: 'SIGTERM' });
    expect(await t.exec('echo alive')).toMatchObject({ stdout: 'alive\n' });
  });
  it('sends a small stdin stream over the agent, and gives a large one its own session', async () => {
    const t = await connect(10);
    await t.exec('true');
    const before = sessionsOpened(host(10));
    const small = Buffer.alloc(200 * 1024, 7);
    expect((await t.exec('wc -c', { stdin: Readable.from([small, small]) })).stdout.trim()).toBe('409600');
    expect(sessionsOpened(host(10)) - before).toBe(0);
    const chunk = Buffer.alloc(512 * 1024, 9);
    const large = Readable.from([chunk, chunk, chunk, chunk, chunk]);
    expect((await t.exec('wc -c', { stdin: large, env: { X: '1' } })).stdout.trim()).toBe(
      String(5 * chunk.length),
    );
    expect(sessionsOpened(host(10)) - before).toBe(1);
    const failing = new Readable({
      read() {
        this.destroy(new Error('unreadable source'));
      },
    });
    await expect(t.exec('cat', { stdin: failing })).rejects.toThrow('unreadable source');
    expect((await t.exec('echo ok')).stdout).toBe('ok\n');
  });

  it('runs a command as its own session does: same shell, $0, output, rc; large texts and stdins too', async () => {
    const on = await connect(11);
    const off = await connect(12, false);
    const large = `x=0\n${'# padding\n'.repeat(600)}`; // beyond 1 KiB: sourced from a file
    const cases: [string, string | Buffer | undefined][] = [
      ['echo "$0 $# $-"; nope_command_pc; echo after >&2; exit 3', undefined],
      // the same signals ignored and blocked (bash's job control in the agent leaves none behind)
      ['grep -E "^Sig(Ign|Blk)" /proc/self/status', undefined],
      ['printf %s "$(cat)"', 'text\\ with a backslash\n\nand blank lines\n\n'],
      [`${large}echo "$0 $#"; wc -c; exit 4`, 'y'.repeat(3000)],
      [`${large}cat`, Buffer.from([0, 1, 255, 10, 0])],
      ['', undefined],
    ];
    for (const [command, stdin] of cases) {
      const a = await on.exec(command, { stdin });
      const b = await off.exec(command, { stdin });
      expect(a.rc).toBe(b.rc);
      expect(a.stdout).toBe(b.stdout);
      // a sourced large text names its file in a failing command's message: small ones only
      if (!command.startsWith('x=0')) expect(a.stderr).toBe(b.stderr);
    }
    expect(sessionsOpened(host(11))).toBe(1);
  });

  it('drops an agent when output comes that belongs to no command; the next command gets a new one', async () => {
    const t = await connect(13);
    const before = sessionsOpened(host(13));
    const dir = await agentDir(t);
    // a background process left holding the command's stdout writes after the command ended
    expect((await t.exec('(sleep 0.3; echo late) & echo now')).stdout).toBe('now\n');
    await new Promise((r) => setTimeout(r, 800));
    expect(await t.exec('echo next')).toEqual({ rc: 0, stdout: 'next\n', stderr: '' });
    expect(await agentDir(t)).not.toBe(dir);
    expect(sessionsOpened(host(13)) - before).toBe(2); // the first agent, then the new one
  });
});
