/**
 * apt_repository (Ansible 2.14) on Debian and Ubuntu: the sources in apt's sourcelist file
 * and sourceparts/*.list read in one run (their paths from `apt-config shell`), parsed and
 * edited as apt_repository.py's SourcesList does (its normalised lines, its diff of every
 * file), and the files it would save written (and emptied ones removed) in a second run,
 * followed by `apt-get update` when update_cache asks for it. Differences from the module:
 * python3-apt is not needed (Ansible installs it when missing), only the files whose text
 * changes are rewritten (the module rewrites every file it read, to the same text), and the
 * long tail goes to the bridge: `ppa:` repos (Launchpad), a symbolic `mode`, and an
 * `apt-get update` that fails (the files are put back first, so the bridge starts over).
 */
import { quote } from '../connection/shell-quote.js';
import type { DiffEntry, ModuleDefinition, ModuleResult } from './types.js';
import { ModuleCrash, ModuleFailure, NativeUnsupported, run } from './util/remote.js';
import { atomicMoveLines } from './util/remote-file.js';

/** Python's str.isspace() characters (str.strip() and str.split() use them). */
const WS = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const STRIP = new RegExp(`^[${WS}]+|[${WS}]+$`, 'g');
const SPLIT = new RegExp(`[${WS}]+`);
const strip = (s: string) => s.replace(STRIP, '');
const pySplit = (s: string) =>
  strip(s)
    .split(SPLIT)
    .filter((w) => w !== '');

const VALID_SOURCE_TYPES = ['deb', 'deb-src'];

/** One line of a sources file: (n, valid, enabled, source, comment). */
export type SourceLine = [number, boolean, boolean, string, string];

export class InvalidSource extends Error {}

/** SourcesList._parse. */
export function parseSource(
  raw: string,
  raiseIfInvalidOrDisabled = false,
): { valid: boolean; enabled: boolean; source: string; comment: string } {
  let valid = false;
  let enabled = true;
  let comment = '';
  let line = strip(raw);
  if (line.startsWith('#')) {
    enabled = false;
    line = line.slice(1);
  }
  const i = line.indexOf('#');
  if (i > 0) {
    comment = strip(line.slice(i + 1));
    line = line.slice(0, i);
  }
  let source = strip(line);
  if (source) {
    const chunks = pySplit(source);
    if (VALID_SOURCE_TYPES.includes(chunks[0])) {
      valid = true;
      source = chunks.join(' ');
    }
  }
  if (raiseIfInvalidOrDisabled && (!valid || !enabled)) throw new InvalidSource(line);
  return { valid, enabled, source, comment };
}

/** The lines of a file as Python's text-mode iteration reads them (universal newlines). */
export function fileLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** SourcesList.load. */
export function loadSources(text: string): SourceLine[] {
  return fileLines(text).map((line, n) => {
    const { valid, enabled, source, comment } = parseSource(line);
    return [n, valid, enabled, source, comment];
  });
}

/** SourcesList.dump of one file's lines. */
export function dumpSources(sources: SourceLine[]): string {
  return sources
    .map(
      ([, , enabled, source, comment]) =>
        `${enabled ? '' : '# '}${source}${comment ? ` # ${comment}` : ''}\n`,
    )
    .join('');
}

/** SourcesList._suggest_filename; `filename` is the module's option. */
export function suggestFilename(line: string, filename: string | null): string {
  let text = line.replace(/\[[^\]]+\]/g, '');
  text = text.replace(/[\p{L}\p{N}_]+:\/\//gu, '');
  const parts = pySplit(text).filter((p) => !VALID_SOURCE_TYPES.includes(p));
  if (parts.length === 0) throw new ModuleCrash('IndexError: list index out of range');
  const at = parts[0].indexOf('@');
  if (at >= 0) parts[0] = parts[0].slice(at + 1);
  if (filename !== null) return `${filename}.list`;
  return `${parts[0]
    .replace(/[^a-zA-Z0-9]/g, ' ')
    .split(/ +/)
    .filter(Boolean)
    .join('_')}.list`;
}

/** The sources of every file, in the order the module reads them, and the edits it makes. */
export class SourcesList {
  readonly files = new Map<string, SourceLine[]>();
  readonly newRepos = new Set<string>();

  constructor(
    readonly defaultFile: string,
    readonly sourceParts: string,
    loaded: [string, string][],
  ) {
    for (const [file, text] of loaded) this.files.set(file, loadSources(text));
  }

  dump(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [file, sources] of this.files) if (sources.length > 0) out.set(file, dumpSources(sources));
    return out;
  }

  private expandPath(filename: string): string {
    if (filename.includes('/')) return filename;
    return `${this.sourceParts.replace(/\/+$/, '')}/${filename}`;
  }

  /** add_source (not ppa:): reuses (enables) every equal source, else appends one. */
  add(line: string, filename: string | null): void {
    const source = parseSource(line, true).source;
    const file = suggestFilename(source, filename);
    let found = false;
    for (const sources of this.files.values())
      for (let i = 0; i < sources.length; i++) {
        const [n, valid, , src, comment] = sources[i];
        if (valid && src === source) {
          sources[n] = [n, valid, true, src, comment];
          found = true;
        }
      }
    if (found) return;
    const path = this.expandPath(file);
    const sources = this.files.get(path) ?? [];
    this.files.set(path, sources);
    sources.push([sources.length, true, true, source, '']);
    this.newRepos.add(path);
  }

  /** remove_source: pops enabled equal sources by their line number while iterating, as the module does. */
  remove(line: string): void {
    const source = parseSource(line, true).source;
    for (const sources of this.files.values())
      for (let i = 0; i < sources.length; i++) {
        const [n, valid, enabled, src] = sources[i];
        if (!valid || src !== source || !enabled) continue;
        if (n >= sources.length) throw new ModuleCrash('IndexError: pop index out of range');
        sources.splice(n, 1);
      }
  }
}

/** Exit statuses of the scripts. */
const NOT_APT = 3;
const UPDATE_FAILED = 4;
const NO_TEMP = 5;

/** `mode` as set_mode_if_different takes it without the symbolic forms (those go to the bridge). */
function octalMode(mode: unknown): number | null {
  if (mode === null || mode === undefined) return null;
  if (typeof mode === 'number') return mode;
  return Number.parseInt(String(mode), 8);
}

function symbolicMode(mode: unknown): boolean {
  return typeof mode === 'string' && !/^[0-7]+$/.test(mode);
}

/** The read: apt's two paths, then `path\nbase64\n` per file. */
const READ_SCRIPT = [
  `command -v apt-config >/dev/null 2>&1 || exit ${NOT_APT}`,
  `eval "$(apt-config shell SL Dir::Etc::sourcelist/f SP Dir::Etc::sourceparts/d)" || exit ${NOT_APT}`,
  'printf "%s\\n%s\\n" "$SL" "$SP"',
  'emit() { printf "%s\\n" "$1"; base64 -w0 < "$1" || exit 1; printf "\\n"; }',
  '[ -f "$SL" ] && emit "$SL"',
  'for f in "$SP"*.list; do { [ -e "$f" ] || [ -L "$f" ]; } && emit "$f"; done',
  'exit 0',
].join('\n');

function parseRead(stdout: string): { sl: string; sp: string; files: [string, string][] } {
  const lines = stdout.split('\n');
  const files: [string, string][] = [];
  for (let i = 2; i + 1 < lines.length; i += 2)
    files.push([lines[i], Buffer.from(lines[i + 1], 'base64').toString('utf8')]);
  return { sl: lines[0], sp: lines[1], files };
}

/** The save: each changed file written (atomic_move) or removed; apt-get update after. */
function saveScript(
  changes: { path: string; text: string | null; existed: boolean; mode: number | null }[],
  update: boolean,
): string {
  const out = ['set -u'];
  if (update) out.push('b=$(mktemp -d) || exit 1');
  changes.forEach((c, k) => {
    out.push(`d=${quote(c.path)}`);
    if (update && c.existed) out.push(`cp -p -- "$d" "$b/${k}" || exit 1`);
    if (c.text === null) {
      out.push('rm -f -- "$d" || exit 1');
      return;
    }
    const slash = c.path.lastIndexOf('/');
    const dir = slash < 0 ? '.' : c.path.slice(0, slash) || '/';
    const name = c.path.slice(slash + 1);
    out.push(
      `mkdir -p -- ${quote(dir)} || exit 1`,
      `t=$(mktemp ${quote(`${dir}/.${name}-XXXXXXXX`)} 2>/dev/null) || { printf %s ${quote(dir)} >&2; exit ${NO_TEMP}; }`,
      `printf %s ${quote(Buffer.from(c.text).toString('base64'))} | base64 -d > "$t" || { rm -f -- "$t"; exit 1; }`,
      atomicMoveLines(),
    );
    if (c.mode !== null) out.push(`chmod ${c.mode.toString(8)} -- "$d" || exit 1`);
  });
  if (update) {
    const revert = changes.map((c, k) =>
      c.existed ? `mv -f -- "$b/${k}" ${quote(c.path)}` : `rm -f -- ${quote(c.path)}`,
    );
    out.push(
      'if ! apt-get update >/dev/null 2>&1; then',
      ...revert.map((line) => `  ${line}`),
      `  rm -rf -- "$b"; exit ${UPDATE_FAILED}`,
      'fi',
      'rm -rf -- "$b"',
    );
  }
  return out.join('\n');
}

export const aptRepositoryModule: ModuleDefinition = {
  name: 'apt_repository',
  bridgeFor: (args) =>
    (typeof args.repo === 'string' && args.repo.startsWith('ppa:')) || symbolicMode(args.mode),
  args: {
    options: {
      repo: { type: 'str', required: true },
      state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
      mode: { type: 'raw' },
      update_cache: { type: 'bool', default: true, aliases: ['update-cache'] },
      update_cache_retries: { type: 'int', default: 5 },
      update_cache_retry_max_delay: { type: 'int', default: 12 },
      filename: { type: 'str' },
      install_python_apt: { type: 'bool', default: true },
      validate_certs: { type: 'bool', default: true },
      codename: { type: 'str' },
    },
  },
  async run(args, ctx): Promise<ModuleResult> {
    const repo = args.repo as string;
    const state = args.state as string;
    const filename = (args.filename ?? null) as string | null;
    if (repo.startsWith('ppa:') || symbolicMode(args.mode))
      throw new NativeUnsupported('apt_repository', 'a ppa: repo or a symbolic mode');
    if (!repo) throw new ModuleFailure("Please set argument 'repo' to a non-empty value");
    const read = await run(ctx, READ_SCRIPT);
    if (read.rc === NOT_APT) throw new NativeUnsupported('apt_repository', 'no apt-config on the host');
    if (read.rc !== 0) throw new ModuleFailure(read.stderr.trim() || 'could not read the apt sources', read);
    const { sl, sp, files } = parseRead(read.stdout);
    const list = new SourcesList(sl, sp, files);
    const before = list.dump();
    try {
      if (state === 'present') list.add(repo, filename);
      else list.remove(repo);
    } catch (err) {
      if (err instanceof InvalidSource) throw new ModuleFailure(`Invalid repository string: ${err.message}`);
      throw err;
    }
    const after = list.dump();
    const names = [...new Set([...before.keys(), ...after.keys()])];
    const changed = names.some((f) => before.get(f) !== after.get(f));
    let diff: DiffEntry[] | DiffEntry = {};
    if (changed && ctx.diff)
      diff = names.map((f) => ({
        before: before.get(f) ?? '',
        after: after.get(f) ?? '',
        before_header: before.has(f) ? f : '/dev/null',
        after_header: after.has(f) ? f : '/dev/null',
      }));
    if (changed && !ctx.check) {
      const original = new Map(files);
      const mode = octalMode(args.mode);
      const changes = [...list.files.entries()]
        .map(([path, sources]) => ({
          path,
          text: sources.length > 0 ? dumpSources(sources) : null,
          existed: original.has(path),
          mode: list.newRepos.has(path) && sources.length > 0 ? mode : null,
        }))
        .filter((c) => (c.text === null ? c.existed : c.text !== original.get(c.path) || c.mode !== null));
      const update = args.update_cache === true;
      const saved = await run(ctx, saveScript(changes, update));
      if (saved.rc === UPDATE_FAILED)
        throw new NativeUnsupported(
          'apt_repository',
          'apt-get update failed: the module retries and reports it',
        );
      if (saved.rc === NO_TEMP)
        throw new ModuleFailure(
          `Unable to create temp file at "${saved.stderr}" for apt source: [Errno 13] Permission denied`,
        );
      if (saved.rc !== 0)
        throw new ModuleFailure(saved.stderr.trim() || 'could not write the apt sources', saved);
    }
    return { changed, repo, state, diff };
  },
};
