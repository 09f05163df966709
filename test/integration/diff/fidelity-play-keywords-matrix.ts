/**
 * The generated playbook of fidelity-play-keywords.test.ts: every play keyword Ansible
 * templates (at play start: gather_facts, serial, max_fail_percentage, strategy, order,
 * force_handlers, hosts, name; per task, inherited: any_errors_fatal, become,
 * ignore_errors, check_mode, no_log, throttle, ignore_unreachable) × every source of the
 * value: play vars, vars_files, extra vars, and `default(omit)` (the keyword's default).
 */

/** A keyword, the value that shows it acts, and the play's other settings it needs. */
export interface KeywordCase {
  keyword: string;
  /** A YAML value (JSON-compatible), set through each source. */
  value: unknown;
  /** Extra play lines (e.g. a fixed serial so that `order` shows). */
  extra?: string[];
  /** A hosts pattern other than the group (e.g. one host for the free strategy). */
  hosts?: string;
  /**
   * Inherited by tasks: an omitted value falls back (set_to_context) to the play's own raw
   * template string, which Ansible then reads as true; flotilla does not copy that quirk.
   */
  inherited?: boolean;
}

export type Source = 'vars' | 'vars_files' | 'extra vars' | 'omit';
export const SOURCES: Source[] = ['vars', 'vars_files', 'extra vars', 'omit'];

/** Keywords whose effect shows without failing a host: every source, in one playbook. */
export const KEYWORDS: KeywordCase[] = [
  { keyword: 'gather_facts', value: true },
  { keyword: 'serial', value: 1 },
  { keyword: 'strategy', value: 'free', hosts: '"{{ groups.fleet[0] }}"' },
  { keyword: 'order', value: 'reverse_inventory', extra: ['serial: 1'] },
  { keyword: 'check_mode', value: true, inherited: true },
  { keyword: 'no_log', value: true, inherited: true },
  { keyword: 'become', value: false, inherited: true },
  { keyword: 'throttle', value: 1, inherited: true },
  { keyword: 'ignore_unreachable', value: true, inherited: true },
  { keyword: 'hosts', value: 'fleet' },
];

/**
 * Keywords shown by a failing host. A failed host stays failed in later plays and a play
 * broken by any_errors_fatal/max_fail_percentage ends the playbook: each playbook fails a
 * different host per play and breaks only in its last play.
 */
export const FAILING: [keyword: string, value: unknown, source: Source][][] = [
  [
    ['force_handlers', true, 'vars'],
    ['ignore_errors', true, 'vars_files'],
    ['force_handlers', true, 'omit'],
    ['any_errors_fatal', true, 'extra vars'],
  ],
  [
    ['max_fail_percentage', 0, 'omit'],
    ['any_errors_fatal', true, 'omit'],
    ['force_handlers', true, 'extra vars'],
    ['max_fail_percentage', 0, 'vars'],
  ],
];

/** The tasks of a play: a change that notifies, a command showing check_mode and no_log (-v). */
function body(failHost?: number): string {
  const fail =
    failHost === undefined
      ? []
      : [`    - fail: msg=boom`, `      when: inventory_hostname == groups.fleet[${failHost}]`];
  return [
    '  tasks:',
    '    - command: "true"',
    '      notify: h',
    ...fail,
    '    - command: echo after',
    '  handlers:',
    '    - name: h',
    '      debug: msg="handler ran"',
  ].join('\n');
}

function varName(keyword: string, source: Source): string {
  return `${source === 'extra vars' ? 'ev' : source === 'vars_files' ? 'vf' : 'pv'}_${keyword}`;
}

function play(k: KeywordCase, source: Source, failHost?: number): string {
  const name = varName(k.keyword, source);
  const expr = source === 'omit' ? '{{ nosuch | default(omit) }}' : `{{ ${name} }}`;
  const lines = [
    `- name: "${k.keyword} from ${source} ({{ ${source === 'omit' ? "'omitted'" : name} }})"`,
    ...(k.keyword === 'hosts' ? [] : [`  hosts: ${k.hosts ?? 'fleet'}`]),
    ...(k.keyword === 'gather_facts' ? [] : ['  gather_facts: false']),
    // hosts has no default: omit is not a case for it.
    `  ${k.keyword}: "${k.keyword === 'hosts' && source === 'omit' ? 'fleet' : expr}"`,
    ...(k.extra ?? []).map((l) => `  ${l}`),
  ];
  if (source === 'vars') lines.push('  vars:', `    ${name}: ${JSON.stringify(k.value)}`);
  if (source === 'vars_files') lines.push('  vars_files: [keywords.yml]');
  return `${[...lines, body(failHost)].join('\n')}\n`;
}

interface Matrix {
  playbook: string;
  files: Record<string, string>;
  args: string[];
  hosts: number;
}

/** The values through a vars file and the extra vars (one JSON `-e`). */
function sources(cases: [string, unknown][]): { files: Record<string, string>; args: string[] } {
  const extra: Record<string, unknown> = {};
  const varsFile: Record<string, unknown> = {};
  for (const [keyword, value] of cases) {
    extra[varName(keyword, 'extra vars')] = value;
    varsFile[varName(keyword, 'vars_files')] = value;
  }
  const yaml = Object.entries(varsFile).map(([k, v]) => `${k}: ${JSON.stringify(v)}\n`);
  return { files: { 'keywords.yml': yaml.join('') }, args: ['-e', JSON.stringify(extra)] };
}

/**
 * Every keyword that shows without a failure × play vars, extra vars and omit, one
 * playbook (vars_files, the same path at play start, is in the failing groups).
 */
export const MAIN_SOURCES: Source[] = ['vars', 'extra vars', 'omit'];

export function playKeywordsMatrix(keywords: KeywordCase[]): Matrix {
  const plays = keywords.flatMap((k) =>
    MAIN_SOURCES.filter((s) => !(k.inherited && s === 'omit')).map((source) => play(k, source)),
  );
  return { playbook: plays.join('\n'), ...sources(keywords.map((k) => [k.keyword, k.value])), hosts: 2 };
}

/** The failing cases: one playbook per group, each play failing its own host. */
export function failingMatrices(): Matrix[] {
  return FAILING.map((group) => {
    const plays = group.map(([keyword, value, source], i) => play({ keyword, value }, source, i));
    return {
      playbook: plays.join('\n'),
      ...sources(group.map(([keyword, value]) => [keyword, value])),
      hosts: group.length + 1,
    };
  });
}
