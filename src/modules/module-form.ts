/**
 * Which form runs a module that flotilla has in both: its native implementation (the
 * default: shell commands over the open connection, no Python on the host) or Ansible's own
 * module code through the bridge (`FLOTILLA_MODULES=bridge`, `--modules bridge`). The two
 * must agree on results, files and `changed`: running a play both ways is an oracle where
 * Ansible itself cannot run (test/integration/diff/module-forms.test.ts).
 */
import { FlotillaError } from '../errors/index.js';

export type ModuleForm = 'native' | 'bridge';

/**
 * The native modules whose Ansible action plugin is the generic one (or passes the task to
 * its module unchanged: command, shell), so Ansible's module runs as is. The others (copy,
 * template, fetch, script, raw, pause, package) need their action plugin's controller half,
 * which flotilla implements natively: they always run natively.
 */
export const BOTH_FORMS: ReadonlySet<string> = new Set([
  'command',
  'shell',
  'ping',
  'wait_for',
  'setup',
  'file',
  'lineinfile',
  'blockinfile',
  'replace',
  'stat',
  'slurp',
  'find',
  'user',
  'group',
  'apt',
  'apt_repository',
  'apt_key',
  'getent',
  'ini_file',
  'debconf',
  'sysctl',
  'mount',
  'authorized_key',
  'known_hosts',
  'cron',
  'service',
  'sysvinit',
  'systemd',
  'service_facts',
  'package_facts',
  'hostname',
  'timezone',
  'get_url',
  'uri',
  'unarchive',
  'git',
  'pip',
]);

/** The form from --modules, else FLOTILLA_MODULES, else native; anything else is refused. */
export function moduleForm(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): ModuleForm {
  const value = (flag ?? env.FLOTILLA_MODULES ?? 'native').trim().toLowerCase();
  if (value === 'native' || value === 'bridge') return value;
  throw new FlotillaError('FLT_CLI_OPTION', `unknown module form "${value}"`, {
    hint: 'use --modules (or FLOTILLA_MODULES) with native or bridge',
  });
}
