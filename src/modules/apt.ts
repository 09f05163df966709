/**
 * apt and package (Debian family): `dpkg-query -W` decides what is missing, then one
 * `apt-get install -y` / `apt-get remove -y`. Check mode reports without running apt.
 */
import { quote } from '../connection/shell-quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { run } from './util/remote.js';

const APT_ENV = 'DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true';

/** Installed version per package name (absent ones are missing from the map). */
async function installedVersions(ctx: ModuleContext, names: string[]): Promise<Map<string, string>> {
  const res = await run(
    ctx,
    `dpkg-query -W -f='\${Package}\\t\${Status}\\t\${Version}\\n' ${names.map(quote).join(' ')} 2>/dev/null; true`,
  );
  const out = new Map<string, string>();
  for (const line of res.stdout.split('\n')) {
    const [pkg, status, version] = line.split('\t');
    if (pkg && status?.endsWith(' installed')) out.set(pkg.split(':')[0], version);
  }
  return out;
}

/** Packages whose candidate version differs from the installed one. */
async function upgradable(ctx: ModuleContext, names: string[]): Promise<string[]> {
  const res = await run(ctx, `LC_ALL=C apt-cache policy ${names.map(quote).join(' ')}`);
  const out: string[] = [];
  for (const block of res.stdout.split(/\n(?=\S)/)) {
    const name = block.split(':')[0];
    const installed = /Installed: (\S+)/.exec(block)?.[1];
    const candidate = /Candidate: (\S+)/.exec(block)?.[1];
    if (installed && candidate && installed !== candidate && installed !== '(none)') out.push(name);
  }
  return out;
}

async function runApt(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const names = ((args.name as string[] | undefined) ?? []).map((n) => n.trim()).filter(Boolean);
  const result: ModuleResult = { changed: false };
  if (args.update_cache) {
    if (!ctx.check) {
      const res = await run(ctx, `${APT_ENV} apt-get update -q`);
      if (res.rc !== 0)
        return {
          changed: false,
          failed: true,
          msg: `Failed to update apt cache: ${res.stderr.trim() || 'unknown reason'}`,
        };
    }
    Object.assign(result, { cache_updated: true, changed: true });
    if (names.length === 0) return result;
  }
  if (names.length === 0)
    return { changed: false, failed: true, msg: 'one of the following is required: name, update_cache' };
  // apt.py reports the cache state with every install/remove result: whether it updated
  // the cache, and the mtime of apt's update stamp (else of the lists directory)
  const stamp = await run(
    ctx,
    'stat -c %Y /var/lib/apt/periodic/update-success-stamp 2>/dev/null || stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0',
  );
  result.cache_updated = result.cache_updated === true;
  result.cache_update_time = Number(stamp.stdout.trim().split('\n')[0]) || 0;
  // name=version pins are not compared; only the package name is checked.
  const bare = names.map((n) => n.split('=')[0]);
  const installed = await installedVersions(ctx, bare);
  const state = args.state as string;
  let todo: string[];
  let cmd: string;
  if (state === 'absent') {
    todo = bare.filter((n) => installed.has(n));
    cmd = `${APT_ENV} apt-get remove -y -q ${args.purge ? '--purge ' : ''}${todo.map(quote).join(' ')}`;
  } else {
    todo = names.filter((_, i) => !installed.has(bare[i]));
    if (state === 'latest')
      todo.push(
        ...(await upgradable(
          ctx,
          bare.filter((n) => installed.has(n)),
        )),
      );
    cmd = `${APT_ENV} apt-get install -y -q ${args.install_recommends === false ? '--no-install-recommends ' : ''}${todo.map(quote).join(' ')}`;
  }
  if (todo.length === 0) return { ...result, changed: result.changed === true };
  if (ctx.check) return { ...result, changed: true, stdout: '', stderr: '', packages: todo };
  const res = await run(ctx, cmd, { timeoutMs: ctx.timeoutMs ?? 30 * 60_000 });
  if (res.rc !== 0)
    return {
      changed: false,
      failed: true,
      msg: `'${cmd}' failed: ${res.stderr.trim()}`,
      stdout: res.stdout,
      stderr: res.stderr,
      rc: res.rc,
    };
  return { ...result, changed: true, stdout: res.stdout, stderr: res.stderr, packages: todo };
}

const aptArgs = {
  options: {
    name: { type: 'list', elements: 'str', aliases: ['package', 'pkg'] },
    state: {
      type: 'str',
      default: 'present',
      choices: ['absent', 'build-dep', 'fixed', 'latest', 'present'],
    },
    update_cache: { type: 'bool', default: false, aliases: ['update-cache'] },
    cache_valid_time: { type: 'int', default: 0 },
    purge: { type: 'bool', default: false },
    install_recommends: { type: 'bool', aliases: ['install-recommends'] },
    autoremove: { type: 'bool', default: false },
    force: { type: 'bool', default: false },
  },
  requiredOneOf: [['name', 'update_cache']],
} as const;

export const aptModule: ModuleDefinition = { name: 'apt', args: aptArgs, run: runApt };

export const packageModule: ModuleDefinition = {
  name: 'package',
  args: {
    options: {
      name: { type: 'list', elements: 'str', required: true },
      state: { type: 'str', required: true },
      use: { type: 'str', default: 'auto' },
    },
  },
  async run(args, ctx) {
    const state = args.state === 'installed' ? 'present' : args.state === 'removed' ? 'absent' : args.state;
    return runApt({ name: args.name, state, update_cache: false }, ctx);
  },
};
