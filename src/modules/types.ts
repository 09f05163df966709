/**
 * The module contract. A module runs on the controller (in a worker) and acts on a host
 * only through `ctx.transport` (exec / put / get): no Python is needed on the host. Its traits
 * (where it runs, check mode, free-form text, aliases) are its line in src/actions/table.ts.
 */
import type { Transport } from '../connection/transport.js';
import type { ArgSpec } from './args.js';

export interface BecomeSpec {
  user: string;
  method: 'sudo' | 'su';
  /** Extra flags for the become command (replaces the default `-H -S -n` for sudo). */
  flags?: string;
  /** The become command (ansible_become_exe): default `sudo` or `su`; Ansible joins it in as written. */
  exe?: string;
  /** Answers the become method's password prompt, on stdin (never in a command line). */
  password?: string;
}

export interface ModuleContext {
  transport: Transport;
  /** Inventory hostname. */
  host: string;
  /** Check mode: change nothing, report what would change. */
  check: boolean;
  /** Produce `diff` in the result ({before, after, before_header, after_header}). */
  diff: boolean;
  become?: BecomeSpec;
  /** ansible_shell_executable: the shell the shell module runs its text in (default /bin/sh). */
  shellExecutable?: string;
  environment?: Record<string, string>;
  timeoutMs?: number;
  /** The task's ansible_python_interpreter, templated (setup reports it as ansible_python). */
  pythonInterpreter?: string;
  /** The task's no_log, -v count and ansible_syslog_facility: Ansible's modules are told them. */
  noLog?: boolean;
  verbosity?: number;
  syslogFacility?: string;
  /** Reads a controller-side file (copy src=, template src=, script). */
  readLocalFile(path: string): Promise<Buffer>;
  /** Resolves a relative controller path against the role/playbook `files` or `templates` dirs. */
  resolveLocalPath(path: string, kind: 'files' | 'templates'): string;
  /** Every place resolveLocalPath looks for a relative path, in order (none for an absolute one). */
  localSearchPaths?(path: string, kind: 'files' | 'templates'): string[];
  /** Renders a template file with the host's vars (the engine provides it; template calls it). */
  renderTemplateFile?(
    path: string,
    syntax?: { trimBlocks: boolean; lstripBlocks: boolean },
    /** The task's src and dest as written (template_path, template_destpath). */
    names?: { src: string; dest: string },
  ): Promise<string>;
  /** Writes a controller-side file (fetch). Defaults to node:fs when absent. */
  writeLocalFile?(path: string, content: Buffer): Promise<void>;
}

export interface DiffEntry {
  /** Absent from an attributes entry that changed nothing (only its headers remain). */
  before?: string | Record<string, unknown>;
  after?: string | Record<string, unknown>;
  before_header?: string;
  after_header?: string;
}

export type ModuleResult = Record<string, unknown> & {
  changed?: boolean;
  failed?: boolean;
  msg?: string;
  skipped?: boolean;
  diff?: DiffEntry | DiffEntry[];
};

export interface ModuleDefinition {
  name: string;
  args: ArgSpec;
  run(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult>;
  /**
   * The action plugin's own argument checks, made before the module's spec is applied (so
   * Ansible's message for a missing `dest` is copy's "dest is required"): a result fails the task.
   */
  actionCheck?(rawArgs: Record<string, unknown>): { msg: string; exception?: string } | undefined;
  /**
   * The module expands its `type='path'` options (~, $VAR) on the host itself, in the
   * script that uses them (command); otherwise executeModule does it first (expand-path-args.ts).
   */
  expandsPaths?: boolean;
  /**
   * Path options that name files on the controller (copy's and template's `src`): their
   * action plugin resolves them there, so they are not expanded on the host.
   */
  controllerPaths?(args: Record<string, unknown>): readonly string[];
  /**
   * True when the task's (raw) arguments ask for something the native form does not
   * implement: the task then runs Ansible's module through the bridge, as `--modules bridge`
   * would run it (a module in BOTH_FORMS only).
   */
  bridgeFor?(rawArgs: Record<string, unknown>): boolean;
}
