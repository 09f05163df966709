/**
 * The generated playbook of fidelity-environment.test.ts: one play per level the
 * environment is set at (play, block, task, role, play and task merged), each running every
 * reader of the environment and printing what each saw in one last task.
 */

/** Where the environment is set. */
export const LEVELS = ['play', 'block', 'task', 'role', 'play+task'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * What reads the environment, as tasks; `ENV` marks where a task-level environment goes.
 * Each registers `o_<reader>`; the implicit gathering is read through ansible_env.
 */
export const READERS: Record<string, string[]> = {
  command: [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and Python ${VAR}, not JavaScript
    '- command: printf "[%s]" $FLT_LEVEL ${FLT_LEVEL} x$FLT_LEVEL $FLT_UNSET ${} $1 \'$FLT_LEVEL\' ~ ~/ $FLT_TILDE ~root ~nosuchuser/x a~b',
    '  ENV',
    '  register: o_command',
  ],
  argv: [
    '- command:',
    '    argv: [printf, "[%s]", "$FLT_LEVEL", "~", "$FLT_UNSET"]',
    '  ENV',
    '  register: o_argv',
  ],
  chdir: [
    '- command: ls',
    '  args:',
    '    chdir: $FLT_DIR',
    '    removes: ~/$FLT_LEVEL*',
    '  ENV',
    '  register: o_chdir',
  ],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${VAR:-default}
  shell: ['- shell: printf "[%s]" "$FLT_LEVEL" ~ "${FLT_UNSET:-dflt}"', '  ENV', '  register: o_shell'],
};

const REPORT = `- debug:
    msg:
      gathered: "{{ gathered_env }}"
      command: "{{ o_command.stdout }} {{ o_command.cmd }}"
      argv: "{{ o_argv.stdout }}"
      chdir: "{{ o_chdir.stdout }} {{ o_chdir.msg }}"
      shell: "{{ o_shell.stdout }}"`;

function envBlock(level: string, indent: string): string {
  return [
    `${indent}environment:`,
    `${indent}  FLT_LEVEL: ${level}`,
    `${indent}  FLT_TILDE: "~/t"`,
    `${indent}  FLT_DIR: "{{ root }}"`,
    `${indent}  HOME: "{{ root }}/home/"`,
  ].join('\n');
}

/** Every reader's tasks at `indent`, with the task-level environment where the level says. */
function readerTasks(level: Level, indent: string): string {
  const lines: string[] = [];
  for (const line of Object.values(READERS).flat()) {
    if (line.trim() === 'ENV') {
      if (level === 'task' || level === 'play+task') lines.push(envBlock(`${level}-task`, `${indent}  `));
      continue;
    }
    lines.push(`${indent}${line}`);
  }
  return lines.join('\n');
}

function indentLines(text: string, indent: string): string {
  return text
    .split('\n')
    .map((l) => indent + l)
    .join('\n');
}

function play(level: Level): string {
  // What the implicit gathering saw (it runs where the play's environment may reach it).
  const gather = level === 'play' || level === 'play+task' || level === 'block';
  const first = `    - set_fact:\n        gathered_env: "{{ ansible_env.FLT_LEVEL | default('unset') }} {{ ansible_env.HOME | default('unset') }}"`;
  const head = `- name: "environment at ${level}"
  hosts: fleet
  gather_facts: ${gather}
${level === 'play' || level === 'play+task' ? `${envBlock(level, '  ')}\n` : ''}`;
  let body: string;
  if (level === 'block')
    body = `  tasks:\n${first}\n    - block:\n${readerTasks(level, '        ')}\n${envBlock(level, '      ')}\n`;
  else if (level === 'role') body = `  roles:\n    - role: readers\n${envBlock(level, '      ')}\n  tasks:\n`;
  else body = `  tasks:\n${first}\n${readerTasks(level, '    ')}\n`;
  const pre = level === 'role' ? `  pre_tasks:\n${first}\n` : '';
  return `${head}${pre}${body}${indentLines(REPORT, '    ')}\n`;
}

/** The playbook and its role (the readers as a role's tasks). */
export function environmentMatrix(levels: readonly Level[] = LEVELS): {
  playbook: string;
  files: Record<string, string>;
} {
  const setup = `- hosts: fleet
  gather_facts: false
  tasks:
    - file: path={{ root }}/home state=directory mode=0755
`;
  return {
    playbook: [setup, ...levels.map(play)].join('\n'),
    files: { 'roles/readers/tasks/main.yml': `${readerTasks('role', '')}\n` },
  };
}
