/**
 * Ansible 2.14's reboot action plugin (plugins/action/reboot.py): the distribution from a
 * minimal setup, the host's boot id, the shutdown command (found with the find module unless
 * given as an absolute path), then the boot id checked until it changes and the test command
 * run until it succeeds, each retried with Ansible's backoff until `reboot_timeout`. Every
 * host command runs as _low_level_execute_command runs it (with become), each try over a
 * connection made anew.
 */
import type { TaskResult } from '../output/events.js';
import { invalidOptions } from './action-fail.js';

const VALID_ARGS = [
  'boot_time_command',
  'connect_timeout',
  'msg',
  'post_reboot_delay',
  'pre_reboot_delay',
  'reboot_command',
  'reboot_timeout',
  'search_paths',
  'test_command',
];

const BOOT_TIME_COMMANDS: Record<string, string> = {
  freebsd: '/sbin/sysctl kern.boottime',
  openbsd: '/sbin/sysctl kern.boottime',
  macosx: 'who -b',
  solaris: 'who -b',
  sunos: 'who -b',
  vmkernel: 'grep booted /var/log/vmksummary.log | tail -n 1',
  aix: 'who -b',
};
const SHUTDOWN_COMMANDS: Record<string, string> = { alpine: 'reboot', vmkernel: 'reboot' };
const DEFAULT_SHUTDOWN_ARGS = '-r {delay_min} "{message}"';
const SHUTDOWN_COMMAND_ARGS: Record<string, string> = {
  alpine: '',
  void: '-r +{delay_min} "{message}"',
  freebsd: '-r +{delay_sec}s "{message}"',
  linux: DEFAULT_SHUTDOWN_ARGS,
  macosx: '-r +{delay_min} "{message}"',
  openbsd: '-r +{delay_min} "{message}"',
  solaris: '-y -g {delay_sec} -i 6 "{message}"',
  sunos: '-y -g {delay_sec} -i 6 "{message}"',
  vmkernel: '-d {delay_sec}',
  aix: '-Fr',
};
const TEST_COMMANDS: Record<string, string> = { solaris: 'who', vmkernel: 'who' };
const SEARCH_PATHS = ['/sbin', '/bin', '/usr/sbin', '/usr/bin', '/usr/local/sbin'];

export interface RebootHost {
  /** The task's connection is `local`: Ansible refuses to reboot the controller. */
  local: boolean;
  /** ansible.legacy.setup / ansible.legacy.find on the host. */
  runModule(name: 'setup' | 'find', args: Record<string, unknown>): Promise<TaskResult>;
  /** _low_level_execute_command with become, over a connection made anew; throws when unreachable. */
  exec(command: string): Promise<{ rc: number; stdout: string; stderr: string }>;
  sleep(ms: number): Promise<void>;
  /** Milliseconds. */
  now(): number;
}

interface Distribution {
  name: string;
  version: string;
  family: string;
}

class ActionError extends Error {}

export async function reboot(
  args: Record<string, unknown>,
  check: boolean,
  host: RebootHost,
): Promise<TaskResult> {
  if (host.local)
    return {
      changed: false,
      elapsed: 0,
      rebooted: false,
      failed: true,
      msg: 'Running reboot with local connection would reboot the control node.',
    };
  if (check) return { changed: true, elapsed: 0, rebooted: true };
  const invalid = invalidOptions('reboot', args, VALID_ARGS);
  if (invalid) return invalid;
  try {
    return await rebootHost(args, host);
  } catch (err) {
    // an AnsibleError out of run(): TaskExecutor's result is only failed and msg
    if (err instanceof ActionError) return { failed: true, msg: err.message };
    throw err;
  }
}

async function rebootHost(args: Record<string, unknown>, host: RebootHost): Promise<TaskResult> {
  const distribution = await getDistribution(host);
  let previous: string;
  try {
    previous = await bootTime(args, distribution, host);
  } catch (err) {
    return {
      changed: false,
      failed: true,
      reboot: false,
      msg: err instanceof Error ? err.message : String(err),
    };
  }
  const command = `${await shutdownCommand(args, distribution, host)} ${shutdownArgs(args, distribution)}`;
  let rebootResult: { rc: number; stdout: string; stderr: string };
  try {
    rebootResult = await host.exec(command);
  } catch {
    // the connection closed as the host went down: carry on
    rebootResult = { rc: 0, stdout: '', stderr: '' };
  }
  const start = host.now();
  const elapsed = () => Math.floor((host.now() - start) / 1000);
  if (rebootResult.rc !== 0)
    return {
      failed: true,
      rebooted: false,
      msg: `Reboot command failed. Error was: '${rebootResult.stdout.trim()}, ${rebootResult.stderr.trim()}'`,
      elapsed: elapsed(),
    };
  const postDelay = delay(args, 'post_reboot_delay');
  if (postDelay) await host.sleep(postDelay * 1000);
  const timeout = intArg(args.reboot_timeout ?? args.reboot_timeout_sec ?? 600);
  try {
    await untilSuccess(host, timeout, 'last boot time check', async () => {
      const current = await bootTime(args, distribution, host);
      if (current.length === 0 || current === previous) throw new Error('boot time has not changed');
    });
    await untilSuccess(host, timeout, 'post-reboot test command', async () => {
      const test = String(args.test_command ?? factValue(TEST_COMMANDS, distribution, 'whoami'));
      const res = await host.exec(test);
      if (res.rc !== 0) throw new Error(`Test command failed: ${res.stderr} ${res.stdout}`);
    });
  } catch (err) {
    return {
      failed: true,
      rebooted: true,
      msg: err instanceof Error ? err.message : String(err),
      elapsed: elapsed(),
    };
  }
  return { rebooted: true, changed: true, elapsed: elapsed() };
}

async function getDistribution(host: RebootHost): Promise<Distribution> {
  const out = await host.runModule('setup', { gather_subset: 'min' });
  if (out.failed)
    throw new ActionError(
      `Failed to determine system distribution. ${String(out.module_stdout ?? '').trim()}, ${String(out.module_stderr ?? '').trim()}`,
    );
  const facts = (out.ansible_facts ?? {}) as Record<string, unknown>;
  for (const key of ['ansible_distribution', 'ansible_distribution_version', 'ansible_os_family'])
    if (!(key in facts))
      throw new ActionError(`Failed to get distribution information. Missing "${key}" in output.`);
  return {
    name: String(facts.ansible_distribution).toLowerCase(),
    version: String(facts.ansible_distribution_version).split('.')[0] ?? '',
    family: String(facts.ansible_os_family).toLowerCase(),
  };
}

/** _get_value_from_facts: dist+version, then dist, then family, then the default. */
function factValue(table: Record<string, string>, d: Distribution, fallback: string): string {
  return table[d.name + d.version] ?? table[d.name] ?? table[d.family] ?? fallback;
}

async function bootTime(args: Record<string, unknown>, d: Distribution, host: RebootHost): Promise<string> {
  let command = factValue(BOOT_TIME_COMMANDS, d, 'cat /proc/sys/kernel/random/boot_id');
  if (args.boot_time_command) command = stringArg(args.boot_time_command, 'boot_time_command');
  const res = await host.exec(command);
  if (res.rc !== 0)
    throw new ActionError(
      `reboot: failed to get host boot time info, rc: ${res.rc}, stdout: ${res.stdout}, stderr: ${res.stderr}`,
    );
  return res.stdout.trim();
}

async function shutdownCommand(
  args: Record<string, unknown>,
  d: Distribution,
  host: RebootHost,
): Promise<string> {
  const bin =
    args.reboot_command !== undefined && args.reboot_command !== null
      ? (stringArg(args.reboot_command, 'reboot_command').split(' ')[0] ?? '')
      : factValue(SHUTDOWN_COMMANDS, d, 'shutdown');
  if (bin.startsWith('/')) return bin;
  const raw = args.search_paths ?? SEARCH_PATHS;
  const paths = typeof raw === 'string' ? raw.split(',').map((p) => p.trim()) : raw;
  if (!Array.isArray(paths) || paths.some((p) => typeof p === 'object' && p !== null))
    throw new ActionError(`'search_paths' must be a string or flat list of strings, got ${String(raw)}`);
  const found = await host.runModule('find', { paths, patterns: [bin], file_type: 'any' });
  const files = (found.files ?? []) as { path: string }[];
  if (files.length === 0)
    throw new ActionError(`Unable to find command "${bin}" in search paths: ${pyList(paths.map(String))}`);
  return files[0]?.path ?? '';
}

function shutdownArgs(args: Record<string, unknown>, d: Distribution): string {
  if (args.reboot_command !== undefined && args.reboot_command !== null) {
    const command = stringArg(args.reboot_command, 'reboot_command');
    const space = command.indexOf(' ');
    return space < 0 ? '' : command.slice(space + 1);
  }
  const pre = delay(args, 'pre_reboot_delay');
  return factValue(SHUTDOWN_COMMAND_ARGS, d, DEFAULT_SHUTDOWN_ARGS)
    .replace('{delay_sec}', String(pre))
    .replace('{delay_min}', String(Math.floor(pre / 60)))
    .replace('{message}', String(args.msg ?? 'Reboot initiated by Ansible'));
}

/** do_until_success_or_timeout: exponential backoff (capped at 12 s) plus up to 1 s of jitter. */
async function untilSuccess(host: RebootHost, timeout: number, what: string, action: () => Promise<void>) {
  const end = host.now() + timeout * 1000;
  let fails = 0;
  while (host.now() < end) {
    try {
      await action();
      return;
    } catch {
      const jitter = Math.floor(Math.random() * 1001) / 1000;
      let sleep = 2 ** fails + jitter;
      if (sleep > 12) sleep = 12 + jitter;
      fails++;
      await host.sleep(sleep * 1000);
    }
  }
  throw new Error(`Timed out waiting for ${what} (timeout=${timeout})`);
}

function delay(args: Record<string, unknown>, key: string): number {
  return Math.max(0, intArg(args[key] ?? args[`${key}_sec`] ?? 0));
}

function intArg(value: unknown): number {
  const n = typeof value === 'string' ? Number(value.trim()) : Number(value);
  if (!Number.isFinite(n))
    throw new ActionError(`invalid literal for int() with base 10: '${String(value)}'`);
  return Math.trunc(n);
}

/** check_type_str(allow_conversion=False). */
function stringArg(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  throw new ActionError(
    `Invalid value given for '${name}': '${typeof value === 'number' ? (Number.isInteger(value) ? 'int' : 'float') : typeof value}' cannot be converted to a str.`,
  );
}

function pyList(items: string[]): string {
  return `[${items.map((i) => `'${i}'`).join(', ')}]`;
}
