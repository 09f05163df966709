/**
 * A throwaway OpenSSH fleet on loopback: one sshd process with its own config, host key
 * and authorized key in a temp dir, listening on a free port. Every inventory host is a
 * distinct loopback address (127.0.1.1, 127.0.1.2, …; all of 127.0.0.0/8 is loopback on
 * Linux), so one sshd serves N hosts. Used by the integration tests (their vitest globalSetup
 * and files that start their own), the benches and the demo (through ./cli.ts), which is why it
 * lives in tools/ and not in test/: dev-only code shared by test/, bench/ and scripts/, never
 * bundled into dist/.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Fleet {
  dir: string;
  port: number;
  pid: number;
  hosts: { name: string; address: string }[];
  inventoryFile: string;
  privateKeyFile: string;
  knownHostsFile: string;
  logFile: string;
  user: string;
  /**
   * The process that started the fleet and is to stop it; a fleet whose owner died without
   * stopping it (a killed test run) is reaped by the next `startFleet`. Absent for fleets the
   * CLI starts for a shell script, which stops them itself.
   */
  ownerPid?: number;
}

const SSHD_CANDIDATES = ['/usr/sbin/sshd', '/usr/bin/sshd', '/usr/local/sbin/sshd'];

/** Finds sshd. scripts/setup.sh installs it (openssh-server, from scripts/system-packages.txt). */
export function ensureSshd(): string {
  const found = SSHD_CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(
    'sshd is not installed. Run `bash scripts/setup.sh` (as root it installs the packages of scripts/system-packages.txt) or `apt-get install -y openssh-server`; the fleet starts its own sshd, not the system service.',
  );
}

/** The n-th fleet address (0-based): 127.0.1.1 … 127.0.1.254, 127.0.2.1, … */
export function fleetAddress(i: number): string {
  return `127.0.${1 + Math.floor(i / 254)}.${1 + (i % 254)}`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '0.0.0.0', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForBanner(address: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect({ host: address, port });
      sock.once('data', (d) => {
        sock.destroy();
        resolve(d.toString().startsWith('SSH-'));
      });
      sock.once('error', () => resolve(false));
      sock.setTimeout(1000, () => {
        sock.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not answer on ${address}:${port} within ${timeoutMs} ms`);
}

export interface StartFleetOptions {
  hosts: number;
  dir?: string;
  /** Host name prefix in the inventory (default "node"). */
  prefix?: string;
  /**
   * The last N hosts have no Python: their sessions' PATH is a dir of links to every command
   * of /usr/bin, /bin, /usr/sbin and /sbin but python*, and their inventory line points
   * ansible_python_interpreter nowhere (issue 18's hosts without Python).
   */
  pythonlessHosts?: number;
  /**
   * More users sshd lets in (from loopback), besides the fleet's own: each logs in with the
   * fleet key from their own ~/.ssh/authorized_keys (the fleet's file is in a root-only dir),
   * or with a password when `passwordAuthentication` is on.
   */
  extraUsers?: string[];
  /** Accept password and keyboard-interactive logins (off by default). */
  passwordAuthentication?: boolean;
  /** Outlives the process that starts it (the CLI's fleets): never reaped, stopped by `stop`. */
  detached?: boolean;
  /** sshd's LogLevel (default INFO); VERBOSE logs every session a client starts (bench/realistic.ts counts them). */
  logLevel?: 'INFO' | 'VERBOSE' | 'DEBUG';
  /**
   * Dirs the hosts see as private copies (root only): sshd runs in a mount namespace of its
   * own where each is an overlay whose writes land in the fleet's dir, so a test can change
   * what modules change system-wide (/etc/timezone, /etc/localtime) without touching this
   * machine. The dirs' later changes on the machine may or may not show through.
   */
  privateDirs?: string[];
}

const FLEET_DIR_PREFIX = 'flotilla-fleet-';

export async function startFleet(options: StartFleetOptions): Promise<Fleet> {
  const sshd = ensureSshd();
  await reapStaleFleets();
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), FLEET_DIR_PREFIX));
  mkdirSync(dir, { recursive: true });
  const user = os.userInfo().username;
  const hostKey = path.join(dir, 'ssh_host_ed25519_key');
  const clientKey = path.join(dir, 'id_ed25519');
  for (const key of [hostKey, clientKey]) {
    if (!existsSync(key))
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'flotilla-fleet', '-f', key]);
  }
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`));
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true }); // privilege separation dir
  const port = await freePort();
  const logFile = path.join(dir, 'sshd.log');
  const pidFile = path.join(dir, 'sshd.pid');
  const config = [
    `Port ${port}`,
    // One socket for every 127.x address; AllowUsers below refuses anything not from loopback.
    'ListenAddress 0.0.0.0',
    `HostKey ${hostKey}`,
    `PidFile ${pidFile}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}${options.extraUsers?.length ? ' .ssh/authorized_keys' : ''}`,
    `AllowUsers ${[user, ...(options.extraUsers ?? [])].map((u) => `${u}@127.0.0.0/8`).join(' ')}`,
    'UsePAM no',
    'StrictModes no',
    'PubkeyAuthentication yes',
    `PasswordAuthentication ${options.passwordAuthentication ? 'yes' : 'no'}`,
    `KbdInteractiveAuthentication ${options.passwordAuthentication ? 'yes' : 'no'}`,
    'PermitRootLogin prohibit-password',
    'UseDNS no',
    'PrintMotd no',
    'PrintLastLog no',
    'MaxStartups 4000',
    'MaxSessions 100',
    'MaxAuthTries 10',
    'LoginGraceTime 60',
    'SetEnv SHLVL=1',
    `LogLevel ${options.logLevel ?? 'INFO'}`,
    'Subsystem sftp internal-sftp',
  ].join('\n');
  const hosts = Array.from({ length: options.hosts }, (_, i) => ({
    name: `${options.prefix ?? 'node'}${String(i + 1).padStart(3, '0')}`,
    address: fleetAddress(i),
  }));
  const pythonless = hosts.slice(hosts.length - (options.pythonlessHosts ?? 0));
  const configFile = path.join(dir, 'sshd_config');
  writeFileSync(configFile, `${config}\n${pythonless.length ? pythonlessMatch(dir, pythonless) : ''}`);
  const overlays = (options.privateDirs ?? []).map((target, i) => overlayMount(dir, target, i));
  const pid = await launchSshd(sshd, configFile, logFile, hosts[0]?.address ?? '127.0.0.1', port, overlays);
  const hostKeyPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const knownHostsFile = path.join(dir, 'known_hosts');
  writeFileSync(knownHostsFile, hosts.map((h) => `[${h.address}]:${port} ${hostKeyPub}\n`).join(''));
  const inventoryFile = path.join(dir, 'inventory.ini');
  const noPython = new Set(pythonless);
  const lines = [
    '[fleet]',
    ...hosts.map(
      (h) =>
        `${h.name} ansible_host=${h.address}${noPython.has(h) ? ' ansible_python_interpreter=/nonexistent/python3' : ''}`,
    ),
    '',
    '[fleet:vars]',
  ];
  lines.push(
    `ansible_port=${port}`,
    `ansible_user=${user}`,
    `ansible_ssh_private_key_file=${clientKey}`,
    `ansible_ssh_common_args='-o UserKnownHostsFile=${knownHostsFile} -o StrictHostKeyChecking=yes'`,
    'ansible_python_interpreter=/usr/bin/python3',
  );
  writeFileSync(inventoryFile, `${lines.join('\n')}\n`);
  const fleet: Fleet = {
    dir,
    port,
    pid,
    hosts,
    inventoryFile,
    privateKeyFile: clientKey,
    knownHostsFile,
    logFile,
    user,
    ownerPid: options.detached ? undefined : process.pid,
  };
  writeFileSync(path.join(dir, 'fleet.json'), JSON.stringify(fleet, null, 2));
  return fleet;
}

/**
 * sshd settings for hosts without Python: a PATH of links to every system command but
 * python* (the interpreters themselves stay on disk, as they would be on a real host where
 * another user installed one; nothing on these hosts' PATH or inventory leads to them).
 */
function pythonlessMatch(dir: string, hosts: { address: string }[]): string {
  const bin = path.join(dir, 'nopython-bin');
  mkdirSync(bin, { recursive: true });
  for (const from of ['/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    if (!existsSync(from)) continue;
    for (const name of readdirSync(from)) {
      if (/^python/.test(name) || existsSync(path.join(bin, name))) continue;
      symlinkSync(path.join(from, name), path.join(bin, name));
    }
  }
  return `Match LocalAddress ${hosts.map((h) => h.address).join(',')}\n  SetEnv SHLVL=1 PATH=${bin}\n`;
}

/** The shell command that mounts the n-th private dir: an overlay on it, writes in `dir`. */
function overlayMount(dir: string, target: string, n: number): string {
  const upper = path.join(dir, `private-${n}`, 'upper');
  const work = path.join(dir, `private-${n}`, 'work');
  mkdirSync(upper, { recursive: true });
  mkdirSync(work, { recursive: true });
  return `mount -t overlay overlay -o ${shq(`lowerdir=${target},upperdir=${upper},workdir=${work}`)} ${shq(target)}`;
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Starts sshd on `configFile` and waits for its banner; returns its PID. With `mounts`, sshd
 * runs in a mount namespace of its own after them (unshare and sh exec into it: same PID).
 */
async function launchSshd(
  sshd: string,
  configFile: string,
  logFile: string,
  address: string,
  port: number,
  mounts: string[] = [],
): Promise<number> {
  // sshd must be started by absolute path (it re-execs itself).
  const args = ['-D', '-e', '-f', configFile, '-E', logFile];
  const [command, argv] = mounts.length
    ? [
        'unshare',
        [
          '-m',
          '--propagation',
          'private',
          'sh',
          '-c',
          `${mounts.join(' && ')} && exec ${[sshd, ...args].map(shq).join(' ')}`,
        ],
      ]
    : [sshd, args];
  const child = spawn(command, argv, {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  const pid = child.pid;
  if (!pid) throw new Error('could not start sshd');
  try {
    await waitForBanner(address, port, 10_000);
  } catch (err) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    try {
      process.kill(pid);
    } catch {}
    throw new Error(`${(err as Error).message}\n${log}`);
  }
  return pid;
}

/**
 * Starts a stopped fleet's sshd again, same config, same port (`stopFleet(f, { keepDir: true })`
 * stopped it): an sshd outage and restart. Updates `fleet.pid` and fleet.json.
 */
export async function restartFleet(fleet: Fleet): Promise<Fleet> {
  const configFile = path.join(fleet.dir, 'sshd_config');
  fleet.pid = await launchSshd(
    ensureSshd(),
    configFile,
    fleet.logFile,
    fleet.hosts[0]?.address ?? '127.0.0.1',
    fleet.port,
  );
  writeFileSync(path.join(fleet.dir, 'fleet.json'), JSON.stringify(fleet, null, 2));
  return fleet;
}

/** Number of successful logins sshd has logged so far. */
export function countAcceptedLogins(fleet: Pick<Fleet, 'logFile'>): number {
  if (!existsSync(fleet.logFile)) return 0;
  return readFileSync(fleet.logFile, 'utf8')
    .split('\n')
    .filter((l) => l.includes('Accepted publickey')).length;
}

/** sshd processes serving sessions of this fleet (children of the listener), by PID. */
export function sessionProcesses(fleet: Pick<Fleet, 'pid'>): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter(([, ppid]) => ppid === fleet.pid)
    .map(([pid]) => pid);
}

export async function stopFleet(
  fleet: Pick<Fleet, 'pid' | 'dir'>,
  options: { keepDir?: boolean } = {},
): Promise<void> {
  const pids = [fleet.pid, ...sessionProcesses(fleet)];
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {}
  }
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && isAlive(fleet.pid)) await new Promise((r) => setTimeout(r, 25));
  if (isAlive(fleet.pid)) process.kill(fleet.pid, 'SIGKILL');
  if (!options.keepDir) rmSync(fleet.dir, { recursive: true, force: true });
}

/**
 * Stops the fleets in `root` whose owner process is gone (a test run killed before its
 * teardown leaves its sshd running with parent 1) and removes their dirs. An sshd is killed
 * only while its command line still names the fleet's config, in case its PID was reused.
 * Returns the dirs reaped.
 */
export async function reapStaleFleets(root = os.tmpdir()): Promise<string[]> {
  const reaped: string[] = [];
  for (const name of readdirSync(root)) {
    if (!name.startsWith(FLEET_DIR_PREFIX)) continue;
    const dir = path.join(root, name);
    let fleet: Fleet;
    try {
      fleet = JSON.parse(readFileSync(path.join(dir, 'fleet.json'), 'utf8')) as Fleet;
    } catch {
      continue; // being created, or not a fleet
    }
    if (fleet.ownerPid === undefined || isAlive(fleet.ownerPid)) continue;
    const configFile = path.join(dir, 'sshd_config');
    if (commandLine(fleet.pid).includes(configFile)) await stopFleet({ pid: fleet.pid, dir });
    else rmSync(dir, { recursive: true, force: true });
    reaped.push(dir);
  }
  return reaped;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
