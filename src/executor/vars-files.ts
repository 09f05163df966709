/**
 * vars_files resolved per host, as Ansible's VariableManager does: each entry's name is
 * templated with the host's variables (facts included), and for a list of alternatives
 * the first file found is loaded. Names are looked up in the playbook dir's vars/, then
 * the playbook dir.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { FlotillaError } from '../errors/index.js';
import { isUndefinedError } from '../errors/task-errors.js';
import { pyStr } from '../python/repr.js';
import { readControllerText } from '../vault/secrets.js';
import { parseAnsibleYaml } from '../yaml/pyyaml.js';

/** Whether the entries need per-host resolution (templated names or alternatives). */
export function hasHostVarsFiles(entries: (string | string[])[] | undefined): boolean {
  return (entries ?? []).some((e) => typeof e !== 'string' || /\{\{|\{%/.test(e));
}

const parsed = new Map<string, { mtimeMs: number; data: Record<string, unknown> }>();

function load(file: string): Record<string, unknown> {
  const mtimeMs = statSync(file).mtimeMs;
  const cached = parsed.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.data;
  const data = (parseAnsibleYaml(readControllerText(file), file) ?? {}) as Record<string, unknown>;
  parsed.set(file, { mtimeMs, data });
  return data;
}

function locate(name: string, playbookDir: string): string | undefined {
  const candidates = path.isAbsolute(name)
    ? [name]
    : [path.join(playbookDir, 'vars', name), path.join(playbookDir, name)];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/**
 * The variables of every entry, later entries overriding earlier ones. `render` templates a
 * name; `gathered` says whether facts exist (before they do, an entry naming a fact is
 * skipped, as Ansible skips it while gathering).
 */
export function hostVarsFiles(
  entries: (string | string[])[],
  playbookDir: string,
  render: (name: string) => unknown,
  gathered: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    const alternatives = typeof entry === 'string' ? [entry] : entry;
    let found: string | undefined;
    try {
      for (const alt of alternatives) {
        found = locate(String(render(alt)), playbookDir);
        if (found) break;
      }
    } catch (err) {
      if (!isUndefinedError(err) || gathered) {
        throw new FlotillaError(
          'FLT_PLAY_VARS_FILE',
          `an undefined variable was found when attempting to template the vars_files item '${pyStr(entry)}'`,
          { cause: err },
        );
      }
      continue;
    }
    if (!found) {
      const shown = typeof entry === 'string' ? entry : `[${entry.map((e) => `'${e}'`).join(', ')}]`;
      throw new FlotillaError('FLT_PLAY_VARS_FILE', `vars file ${shown} was not found`);
    }
    Object.assign(out, load(found));
  }
  return out;
}
