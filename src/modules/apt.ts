/**
 * apt (and the package action's apt backend), natively only where nothing changes: every
 * named package already installed (state present), or none of them (state absent), checked
 * with one `dpkg-query -W`. Those answers are apt.py's, key for key. Everything else (an
 * install, a removal, update_cache or cache_valid_time, latest, version pins, wildcards,
 * virtual packages, .deb files, upgrade, autoremove, check mode's apt-get simulation and
 * every other option) runs Ansible's module through the bridge, which is apt.py itself.
 */
import { quote } from '../connection/shell-quote.js';
import { booleanOf } from '../python/boolean.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { NativeUnsupported, run } from './util/remote.js';

/** The options the native form answers; any other the task sets sends it to the bridge. */
const NATIVE_OPTIONS: ReadonlySet<string> = new Set([
  'name',
  'pkg',
  'package',
  'state',
  'update_cache',
  'update-cache',
]);

/** A plain package name (no version pin, wildcard, architecture or path). */
const PLAIN_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

function nativeAnswers(raw: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(raw)) {
    if (!NATIVE_OPTIONS.has(key)) return false;
    // update_cache: only an explicit no
    if ((key === 'update_cache' || key === 'update-cache') && booleanOf(value) !== false) return false;
  }
  return raw.state === undefined || raw.state === 'present' || raw.state === 'absent';
}

/** Which of `names` dpkg has installed (`install ok installed`), and apt's cache time. */
async function installedOf(
  ctx: ModuleContext,
  names: string[],
): Promise<{ installed: Set<string>; stamp: number }> {
  const res = await run(
    ctx,
    `dpkg-query -W -f='\${Package}\\t\${Status}\\n' ${names.map(quote).join(' ')} 2>/dev/null; echo "@stamp $(stat -c %Y /var/lib/apt/periodic/update-success-stamp 2>/dev/null || stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0)"`,
  );
  const installed = new Set<string>();
  for (const line of res.stdout.split('\n')) {
    const [pkg, status] = line.split('\t');
    if (pkg && status === 'install ok installed') installed.add(pkg);
  }
  return { installed, stamp: Number(/^@stamp (\d+)$/m.exec(res.stdout)?.[1]) || 0 };
}

async function runApt(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const names = ((args.name as string[] | undefined) ?? []).map((n) => n.trim());
  if (names.length === 0 || !names.every((n) => PLAIN_NAME.test(n)))
    throw new NativeUnsupported('apt', 'not plain package names');
  const { installed, stamp } = await installedOf(ctx, names);
  if (args.state === 'absent') {
    // remove(): nothing installed, nothing to do
    if (names.some((n) => installed.has(n))) throw new NativeUnsupported('apt', 'a package to remove');
    return { changed: false };
  }
  if (!names.every((n) => installed.has(n))) throw new NativeUnsupported('apt', 'a package to install');
  // install()'s no-op, with the cache state main() adds: not updated, and the mtime of apt's
  // update stamp (else of its lists directory)
  return { changed: false, cache_updated: false, cache_update_time: stamp };
}

export const aptModule: ModuleDefinition = {
  name: 'apt',
  args: {
    options: {
      name: { type: 'list', elements: 'str', aliases: ['package', 'pkg'] },
      state: {
        type: 'str',
        default: 'present',
        choices: ['absent', 'build-dep', 'fixed', 'latest', 'present'],
      },
      update_cache: { type: 'bool', aliases: ['update-cache'] },
    },
  },
  bridgeFor: (raw) => !nativeAnswers(raw),
  run: runApt,
};

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
    return runApt({ name: args.name, state }, ctx);
  },
};
