/**
 * The pip module's cases, shared by modules-pip.test.ts (against Ansible) and
 * module-forms.test.ts (native against bridged). No index, no network: the case's setup
 * writes two versions of a tiny wheel (flt-demo 1.0 and 2.0) into `<dir>/wheels`, and the
 * play's environment points pip there (PIP_NO_INDEX, PIP_FIND_LINKS) and away from the
 * machine's pip configuration (PIP_CONFIG_FILE=/dev/null). Each tool installs into a
 * virtualenv of its own, `{{ root }}-venv` (outside the compared root: its files name their
 * paths), made by the module with `/usr/bin/python3 -m venv`; the machine's Python is only
 * read (`pip list` in check mode). pip prints paths relative to its cwd (the temp dir), so the
 * dump names each tool's root alike.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { VOLATILE } from './modules-compare.js';

/** A wheel is a zip: the package, its METADATA, WHEEL and RECORD. */
const MAKE_WHEELS = `
import sys, zipfile
for ver in ("1.0", "2.0"):
    dist = "flt_demo-" + ver
    files = {
        "flt_demo/__init__.py": "VERSION = '%s'\\n" % ver,
        dist + ".dist-info/METADATA": "Metadata-Version: 2.1\\nName: flt-demo\\nVersion: %s\\n" % ver,
        dist + ".dist-info/WHEEL": "Wheel-Version: 1.0\\nGenerator: flotilla\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
    }
    files[dist + ".dist-info/RECORD"] = "".join(p + ",,\\n" for p in files) + dist + ".dist-info/RECORD,,\\n"
    with zipfile.ZipFile("%s/%s-py3-none-any.whl" % (sys.argv[1], dist), "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
`;

export function makeWheels(dir: string): void {
  const wheels = path.join(dir, 'wheels');
  mkdirSync(wheels);
  execFileSync('/usr/bin/python3', ['-c', MAKE_WHEELS, wheels]);
}

/** Every key but the times: pip's results have a `version`. */
const KEEP_VERSION = VOLATILE.filter((k) => k !== 'version');

function pipDump(names: string[]): string {
  const entries = names
    .map((n) => `'${n}': ${n} | dict2items | rejectattr('key', 'in', volatile) | items2dict`)
    .join(', ');
  return `    - copy:
        dest: "{{ d }}/${names[0]}.json"
        content: "{{ {${entries}} | to_nice_json(sort_keys=true) | replace(root, '<root>') | regex_replace('root-(ansible|flotilla|native|bridge)', 'root-X') }}\\n"
      check_mode: false
`;
}

const V = 'virtualenv: "{{ venv }}"';

/**
 * The play's tasks, by the name each registers: the venv's creation, install, second pass,
 * upgrade to a version, check mode, the system pip (check mode only), requirements, latest,
 * absent, errors.
 */
const PIP_TASKS: [string, string][] = [
  ['p_create', `- pip: { name: flt-demo==1.0, ${V}, virtualenv_command: /usr/bin/python3 -m venv }`],
  ['p_again', `- pip: { name: flt-demo==1.0, ${V} }`],
  [
    'p_up',
    `- pip: { name: flt-demo, ${V}, version: "2.0", extra_args: "--no-index --find-links {{ wheels }}" }`,
  ],
  ['k_same', `- pip: { name: "Flt_Demo>=2.0", ${V} }\n  check_mode: true`],
  ['k_down', `- pip: { name: ["flt-demo<2", "!=1.5"], ${V} }\n  check_mode: true`],
  ['k_extra', `- pip: { name: flt-demo, ${V}, extra_args: "--no-index" }\n  check_mode: true`],
  ['k_system', '- pip: { name: flt-nosuch-here }\n  check_mode: true'],
  ['k_novenv', '- pip: { name: flt-demo, virtualenv: "{{ root }}-none" }\n  check_mode: true'],
  ['p_req', `- pip: { requirements: "{{ root }}-req.txt", ${V}, chdir: "{{ root | dirname }}" }`],
  ['p_latest', `- pip: { name: flt-demo, state: latest, ${V} }`],
  ['p_absent', `- pip: { name: flt-demo, state: absent, ${V} }`],
  // a chdir that is no directory is not used (run_command's ignore_invalid_cwd)
  ['p_absent2', `- pip: { name: flt-demo, state: absent, ${V}, chdir: "{{ root }}-nodir" }`],
  ['p_noname', `- pip: { name: [], ${V} }`],
  ['p_missing', `- pip: { name: flt-nosuch-here, ${V} }\n  ignore_errors: true`],
  ['p_ambiguous', `- pip: { name: [flt-demo, other], version: "1.0", ${V} }\n  ignore_errors: true`],
  [
    'p_latest_version',
    `- pip: { name: flt-demo, state: latest, version: "1.0", ${V} }\n  ignore_errors: true`,
  ],
  [
    'p_nopip',
    '- pip: { name: flt-demo, virtualenv: "{{ root }}-bare", virtualenv_command: /usr/bin/python3 -m venv --without-pip }\n  ignore_errors: true',
  ],
  [
    'p_venv_python',
    '- pip: { name: flt-demo, virtualenv: "{{ root }}-none", virtualenv_command: /usr/bin/python3 -m venv, virtualenv_python: python3 }\n  ignore_errors: true',
  ],
  ['p_badexe', '- pip: { name: flt-demo, executable: /nonexistent/pip3 }\n  ignore_errors: true'],
  ['p_state', '- command: "{{ venv }}/bin/pip list --format=freeze"'],
];

/** A play of the tasks `names` (all of them by default), in their order, dumped in one file. */
export function pipPlay(names: readonly string[] = PIP_TASKS.map(([n]) => n)): string {
  const tasks = PIP_TASKS.filter(([n]) => names.includes(n))
    .map(([n, t]) => `    ${t.replaceAll('\n', '\n    ')}\n      register: ${n}\n`)
    .join('');
  return `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
    volatile: ${JSON.stringify(KEEP_VERSION)}
    wheels: "{{ root | dirname }}/wheels"
    venv: "{{ root }}-venv"
  environment:
    PIP_CONFIG_FILE: /dev/null
    PIP_NO_INDEX: "1"
    PIP_NO_CACHE_DIR: "1"
    PIP_FIND_LINKS: "{{ wheels }}"
    PIP_DISABLE_PIP_VERSION_CHECK: "1"
  tasks:
    - file: { path: "{{ d }}", state: directory }
    - copy: { dest: "{{ root }}-req.txt", content: "flt-demo==1.0\\n" }
${tasks}${pipDump(PIP_TASKS.map(([n]) => n).filter((n) => names.includes(n)))}`;
}

/** Native against bridged: fewer pip runs (each bridged task adds a Python start-up). */
export const PIP_FORMS_TASKS = [
  'p_create',
  'p_again',
  'p_up',
  'k_down',
  'k_system',
  'p_req',
  'p_absent',
  'p_missing',
  'p_nopip',
  'p_badexe',
];
