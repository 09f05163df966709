/**
 * Module names the loader recognises. Short names of the ansible.builtin collection
 * (as shipped with ansible-core 2.14), plus sysctl and mount which playbooks commonly
 * use unqualified. A task naming anything else is reported as an unknown module.
 */
export const KNOWN_MODULES: ReadonlySet<string> = new Set([
  'add_host',
  'apt',
  'apt_key',
  'apt_repository',
  'assemble',
  'assert',
  'async_status',
  'blockinfile',
  'command',
  'copy',
  'cron',
  'debconf',
  'debug',
  'dnf',
  'dpkg_selections',
  'expect',
  'fail',
  'fetch',
  'file',
  'find',
  'gather_facts',
  'get_url',
  'getent',
  'git',
  'group',
  'group_by',
  'hostname',
  'import_playbook',
  'import_role',
  'import_tasks',
  'include_role',
  'include_tasks',
  'include_vars',
  'iptables',
  'known_hosts',
  'lineinfile',
  'meta',
  'mount',
  'package',
  'package_facts',
  'pause',
  'ping',
  'pip',
  'raw',
  'reboot',
  'replace',
  'rpm_key',
  'script',
  'service',
  'service_facts',
  'set_fact',
  'set_stats',
  'setup',
  'shell',
  'slurp',
  'stat',
  'subversion',
  'sysctl',
  'systemd',
  'systemd_service',
  'sysvinit',
  'tempfile',
  'template',
  'unarchive',
  'uri',
  'user',
  'validate_argument_spec',
  'wait_for',
  'wait_for_connection',
  'yum',
  'yum_repository',
]);

/** Modules whose string argument is a command line (Ansible's MODULE_REQUIRE_ARGS). */
export const FREE_FORM_MODULES: ReadonlySet<string> = new Set(['command', 'shell', 'raw', 'script']);

/** Modules allowed to take words that are not k=v (Ansible's RAW_PARAM_MODULES). */
export const RAW_PARAM_MODULES: ReadonlySet<string> = new Set([
  ...FREE_FORM_MODULES,
  'include_vars',
  'include_tasks',
  'include_role',
  'import_tasks',
  'import_role',
  'add_host',
  'group_by',
  'set_fact',
  'meta',
]);

/** The collections whose modules flotilla implements under their short names. */
const BUILTIN_PREFIXES = ['ansible.builtin.', 'ansible.legacy.'];

/**
 * The short module name for `name` ("ansible.builtin.copy" -> "copy"), or undefined
 * when it is not a module flotilla knows.
 */
export function canonicalModuleName(name: string): string | undefined {
  for (const prefix of BUILTIN_PREFIXES) {
    if (name.startsWith(prefix)) {
      const short = name.slice(prefix.length);
      return KNOWN_MODULES.has(short) ? short : undefined;
    }
  }
  return KNOWN_MODULES.has(name) ? name : undefined;
}

/** True for a name written as a collection path (namespace.collection.module). */
export function isFullyQualified(name: string): boolean {
  return name.split('.').length >= 3;
}
