/**
 * The typed playbook model. The loader (playbook/load.ts) builds it from YAML and
 * validates it; the planner turns it into serialisable task specs. Everything here is
 * plain data (structured-clone safe) so it can be sent to workers.
 */
import type { TaskModule } from '../bridge/catalog.js';
import type { SourceLocation } from '../errors/index.js';

/** Task keywords that Ansible accepts on tasks (and many on blocks/plays). Kept raw (untemplated). */
export interface TaskKeywords {
  when?: unknown[]; // normalised to a list of conditions (strings or booleans)
  loop?: unknown;
  /** with_items / with_dict / …: the lookup name without "with_", and its raw argument. */
  withLookup?: { name: string; arg: unknown };
  loop_control?: Record<string, unknown>;
  register?: string;
  changed_when?: unknown[];
  failed_when?: unknown[];
  ignore_errors?: unknown;
  ignore_unreachable?: unknown;
  until?: unknown;
  retries?: unknown;
  delay?: unknown;
  notify?: string[];
  listen?: string[];
  tags?: string[];
  become?: unknown;
  become_user?: unknown;
  become_method?: unknown;
  become_flags?: unknown;
  environment?: unknown;
  no_log?: unknown;
  run_once?: unknown;
  delegate_to?: unknown;
  delegate_facts?: unknown;
  /** Validated and key-resolved (module-defaults.ts): play's first, the task's last. */
  module_defaults?: Record<string, unknown>[];
  vars?: Record<string, unknown>;
  check_mode?: unknown;
  diff?: unknown;
  throttle?: unknown;
  timeout?: unknown;
  any_errors_fatal?: unknown;
  /** Other keywords Ansible knows that flotilla keeps but does not act on yet. */
  [keyword: string]: unknown;
}

export interface Task {
  kind: 'task';
  /** Stable id within the run (e.g. "p0.t3"), used to route results. */
  id: string;
  name?: string;
  /** Canonical short module name: "command" for ansible.builtin.command / ansible.legacy.command. */
  action: string;
  /** The module name exactly as written. */
  actionAsWritten: string;
  /** Module arguments; free-form text is under `_raw_params`. */
  args: Record<string, unknown>;
  keywords: TaskKeywords;
  location: SourceLocation;
  /** The role this task comes from (shown as "role : name"), when loaded from a role. */
  role?: string;
  /** The module file the name resolved to (run through the bridge when not native). */
  module?: TaskModule;
}

export interface Block {
  kind: 'block';
  id: string;
  name?: string;
  block: TaskNode[];
  rescue: TaskNode[];
  always: TaskNode[];
  keywords: TaskKeywords;
  location: SourceLocation;
  /** The role this block comes from, when loaded from a role. */
  role?: string;
}

export type TaskNode = Task | Block;

export interface RoleRef {
  role: string;
  vars: Record<string, unknown>;
  tags: string[];
  when?: unknown[];
  /** Other role keywords (become, ignore_errors, …), kept raw. */
  keywords?: Record<string, unknown>;
  location: SourceLocation;
}

export interface Play {
  kind: 'play';
  id: string;
  name: string;
  hosts: string;
  /** The host patterns as written (`hosts: [web, db]` -> ["web", "db"]; a string stays one item). */
  hostPatterns?: string[];
  vars: Record<string, unknown>;
  /** vars_files entries whose names are plain (no template, no alternatives), loaded once per play. */
  varsFiles: string[];
  /**
   * Every vars_files entry as written, in order: a name (maybe templated) or a list of
   * alternatives of which the first found is loaded. Resolved per host (names may use facts).
   */
  varsFileEntries: (string | string[])[];
  /** vars_prompt names (never prompted: see applyVarsPrompt; Ansible warns once for each). */
  varsPrompt?: string[];
  gatherFacts: boolean | undefined;
  preTasks: TaskNode[];
  roles: RoleRef[];
  tasks: TaskNode[];
  postTasks: TaskNode[];
  handlers: TaskNode[];
  strategy?: string;
  /** Raw `serial`: number, "30%", or a list of them. */
  serial?: unknown;
  become?: unknown;
  becomeUser?: unknown;
  becomeMethod?: unknown;
  anyErrorsFatal: boolean;
  maxFailPercentage?: number;
  tags: string[];
  environment?: unknown;
  /** Other play keywords, kept raw. */
  keywords: Record<string, unknown>;
  location: SourceLocation;
}

export interface Playbook {
  /** Absolute path of the playbook file. */
  file: string;
  /** Directory of the playbook (playbook_dir). */
  dir: string;
  /** Plays in order, with import_playbook already expanded. */
  plays: Play[];
}
