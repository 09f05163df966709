/**
 * Generator for the keyword-inheritance differential tests: every inheritable task keyword
 * set on every form that passes keywords down (play, roles: entry, block, nested block,
 * import_tasks, nested import_tasks, import_role, include_tasks / include_role with `apply:`,
 * a block around an include, and the plain includes, whose own keywords Ansible does NOT
 * pass down), each case one play running the same probe tasks, so that one playbook covers a
 * whole form. The probe shows what each keyword changes: the become user and environment
 * (shell), vars, check and diff mode (copy), a failure (ignore_errors, any_errors_fatal,
 * rescue), a condition that turns false once the probe ran (when), a handler (notify),
 * delegation, run_once and no_log.
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

/** Keywords under test, set together on one form: each group's effects show side by side in the probe. */
export interface KeywordGroup {
  name: string;
  /** keyword -> its YAML lines (`key: value`, one mapping level). */
  keywords: Record<string, string[]>;
  /** Written even where Ansible refuses it (the refusal is what is compared). */
  forced?: boolean;
}

/** True until the probe's copy ran in this case (a registered result outlives its play). */
const NOT_YET_COPIED = "when: ('-' ~ case_id ~ '.txt') not in (probe_copy | default({})).dest | default('')";

export const GROUPS: KeywordGroup[] = [
  {
    name: 'notify, environment, vars, become, diff',
    keywords: {
      notify: ['notify: probe handler'],
      environment: ['environment: {FLT_ENV: set}'],
      vars: ['vars: {v: set}'],
      become: ['become: true', 'become_user: nobody'],
      diff: ['diff: true'],
    },
  },
  {
    name: 'ignore_errors, delegate_to, check_mode',
    keywords: {
      ignore_errors: ['ignore_errors: true'],
      delegate_to: ['delegate_to: "{{ groups.fleet[1] }}"'],
      check_mode: ['check_mode: true'],
    },
  },
  {
    name: 'when, no_log, run_once',
    keywords: {
      when: [NOT_YET_COPIED],
      no_log: ['no_log: true'],
      run_once: ['run_once: true'],
    },
  },
  // Last: a fatal error ends the playbook, and every later case with it.
  { name: 'any_errors_fatal', keywords: { any_errors_fatal: ['any_errors_fatal: true'] } },
];

/** The tags keyword needs --tags/--skip-tags runs of its own. */
export const TAGS: KeywordGroup = { name: 'tags', keywords: { tags: ['tags: [tw]'] } };

/**
 * The probe, as a task list (also probe.yml and the role's tasks/main.yml): a copy (check and
 * diff mode) whose registered dest turns the `when` case false for the tasks after it, and a
 * shell that shows the become user, the environment and vars, and fails on the first host.
 */
export const PROBE = `- name: probe copy
  copy: content="x{{ case_id }}\\n" dest="{{ root }}/{{ inventory_hostname }}-{{ case_id }}.txt"
  become: false
  register: probe_copy
- name: probe shell
  shell: echo "user=$(id -un) env=\${FLT_ENV-unset} v={{ v | default('unset') }}"; test {{ inventory_hostname }} != {{ groups.fleet[0] }}
`;

export const FILES: Record<string, string> = {
  'probe.yml': PROBE,
  'probe-outer.yml': '- name: nested import\n  import_tasks: probe.yml\n',
  'roles/probe/tasks/main.yml': PROBE,
};

/** Where the keyword is written. */
export type Form =
  | 'play'
  | 'roles-entry'
  | 'block'
  | 'nested-block'
  | 'import_tasks'
  | 'nested-import_tasks'
  | 'import_role'
  | 'include_tasks-apply'
  | 'include_role-apply'
  | 'block-around-include_tasks'
  | 'block-around-include_role'
  | 'include_tasks'
  | 'include_role';

/** Keywords Ansible accepts on a plain include_tasks / include_role (TaskInclude.VALID_INCLUDE_KEYWORDS). */
const INCLUDE_KEYWORDS = new Set(['ignore_errors', 'no_log', 'run_once', 'tags', 'timeout', 'vars', 'when']);
/** Task keywords a play does not have. */
const NOT_ON_PLAY = new Set(['when', 'notify', 'delegate_to']);

/** Whether Ansible accepts the keyword on the form (otherwise the playbook fails to load). */
export function accepts(form: Form, keyword: string): boolean {
  if (form === 'include_tasks' || form === 'include_role') return INCLUDE_KEYWORDS.has(keyword);
  if (form === 'play') return !NOT_ON_PLAY.has(keyword);
  return true;
}

const indent = (text: string, n: number): string =>
  text
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');

/** The group's keywords this form accepts, as YAML lines. */
function lines(form: Form, g: KeywordGroup): string[] {
  return Object.entries(g.keywords).flatMap(([k, l]) => (g.forced || accepts(form, k) ? l : []));
}

/** The tasks (a list at column 0) that hold the keyword in this form (none for play and roles-entry). */
function formTasks(form: Form, g: KeywordGroup): string {
  const kw = lines(form, g).join('\n');
  switch (form) {
    case 'play':
      return PROBE;
    case 'roles-entry':
      return '';
    case 'block':
      return `- name: keyword block\n${indent(kw, 2)}\n  block:\n${indent(PROBE, 4)}`;
    case 'nested-block':
      return `- name: keyword outer block\n${indent(kw, 2)}\n  block:\n    - name: inner block\n      block:\n${indent(PROBE, 8)}`;
    case 'import_tasks':
      return `- name: keyword import\n  import_tasks: probe.yml\n${indent(kw, 2)}\n`;
    case 'nested-import_tasks':
      return `- name: keyword outer import\n  import_tasks: probe-outer.yml\n${indent(kw, 2)}\n`;
    case 'import_role':
      return `- name: keyword import_role\n  import_role:\n    name: probe\n${indent(kw, 2)}\n`;
    case 'include_tasks-apply':
      return `- name: keyword include_tasks apply\n  include_tasks:\n    file: probe.yml\n    apply:\n${indent(kw, 6)}\n`;
    case 'include_role-apply':
      return `- name: keyword include_role apply\n  include_role:\n    name: probe\n    apply:\n${indent(kw, 6)}\n`;
    case 'block-around-include_tasks':
      return `- name: keyword block around include_tasks\n${indent(kw, 2)}\n  block:\n    - include_tasks: probe.yml\n`;
    case 'block-around-include_role':
      return `- name: keyword block around include_role\n${indent(kw, 2)}\n  block:\n    - include_role: name=probe\n`;
    case 'include_tasks':
      return `- name: keyword include_tasks\n  include_tasks: probe.yml\n${indent(kw, 2)}\n`;
    case 'include_role':
      return `- name: keyword include_role\n  include_role: name=probe\n${indent(kw, 2)}\n`;
  }
}

/**
 * One case as one play: the form inside a block whose rescue shows a failure that was not
 * ignored (any_errors_fatal has no rescue: a rescued failure is not fatal), then one task.
 */
export function casePlay(form: Form, g: KeywordGroup, id: number): string {
  const own = lines(form, g);
  // On a play, `vars:` joins the case's own vars (a second `vars:` key would replace them).
  const playVars = form === 'play' && 'vars' in g.keywords ? '    v: set\n' : '';
  const playKw =
    form === 'play'
      ? own
          .filter((l) => !l.startsWith('vars:'))
          .map((l) => `  ${l}\n`)
          .join('')
      : '';
  const roles = form === 'roles-entry' ? `  roles:\n    - role: probe\n${indent(own.join('\n'), 6)}\n` : '';
  const tasks = formTasks(form, g);
  const fatal = 'any_errors_fatal' in g.keywords;
  const rescue = fatal
    ? ''
    : '      rescue:\n        - name: rescued\n          debug: msg="rescued {{ ansible_failed_task.name }}"\n';
  const body = tasks ? `    - name: case block\n      block:\n${indent(tasks, 8)}\n${rescue}` : '';
  return `- name: "case ${id}: ${g.name} on ${form}"
  hosts: fleet
  gather_facts: false
  vars:
    case_id: ${id}
${playVars}${playKw}${roles}  tasks:
${body || '    - meta: noop\n'}${fatal ? `    - name: after the case\n      debug: msg="after case ${id}"\n` : ''}  handlers:
    - name: probe handler
      debug: msg="handler ran on {{ inventory_hostname }}"
`;
}

/** One playbook: each group of keywords the form accepts, one play each. */
export function formPlaybook(form: Form, groups: KeywordGroup[] = GROUPS): string {
  return groups
    .filter((g) => lines(form, g).length > 0)
    .map((g, i) => casePlay(form, g, i + 1))
    .join('');
}

export const ALL_FORMS: Form[] = [
  'play',
  'roles-entry',
  'block',
  'nested-block',
  'import_tasks',
  'nested-import_tasks',
  'import_role',
  'include_tasks-apply',
  'include_role-apply',
  'block-around-include_tasks',
  'block-around-include_role',
  'include_tasks',
  'include_role',
];

/** `tags: [tw]` on every form, one play each: run it with --tags tw and with --skip-tags tw. */
export function tagsPlaybook(): string {
  return ALL_FORMS.map((form, i) => casePlay(form, TAGS, i + 1)).join('');
}

/** One play with a keyword Ansible refuses on the form (the playbook fails to load). */
export function refusedPlaybook(form: Form, keyword: string): string {
  const g = GROUPS.find((x) => keyword in x.keywords);
  if (!g) throw new Error(`no group holds ${keyword}`);
  const only: KeywordGroup = { name: keyword, keywords: { [keyword]: g.keywords[keyword] }, forced: true };
  return casePlay(form, only, 1);
}

/** Every keyword of the groups that Ansible refuses on the form. */
export function refused(form: Form): string[] {
  return GROUPS.flatMap((g) => Object.keys(g.keywords)).filter((k) => !accepts(form, k));
}

/** A whole form is a dozen tasks on two hosts: twice the sweep bound on a loaded machine. */
const FORM_TIMEOUT = 2 * SLOW;

/** One differential case per form: every keyword group on it, whole -v output compared. */
export function describeForms(title: string, forms: Form[]): void {
  describe(title, () => {
    const fleet = ownFleet(2);
    for (const form of forms) {
      it(
        `every keyword group on ${form}`,
        async () => {
          expectSame(
            await runBoth(fleet(), { playbook: formPlaybook(form), files: FILES, hosts: 2, args: ['-v'] }),
          );
        },
        FORM_TIMEOUT,
      );
    }
  });
}
