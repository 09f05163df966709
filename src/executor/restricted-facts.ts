/**
 * vars/clean.py clean_facts: the facts a module returned that are never injected as
 * variables. They would steer the connection, become, the interpreter or Ansible's own keys:
 * without this, a host returning `ansible_facts: {ansible_connection: local}` would make the
 * next task run on the controller. They stay under `ansible_facts` (namespace_facts keeps
 * every key), and the host's own ssh host keys are kept.
 */

/** C.MAGIC_VARIABLE_MAPPING's names, C.COMMON_CONNECTION_VARS, RESTRICTED_ and INTERNAL_RESULT_KEYS (2.14). */
const RESTRICTED = new Set([
  'ansible_become',
  'ansible_become_exe',
  'ansible_become_flags',
  'ansible_become_method',
  'ansible_become_pass',
  'ansible_become_password',
  'ansible_become_user',
  'ansible_connection',
  'ansible_connection_user',
  'ansible_docker_extra_args',
  'ansible_host',
  'ansible_module_compression',
  'ansible_network_os',
  'ansible_password',
  'ansible_pipelining',
  'ansible_port',
  'ansible_private_key_file',
  'ansible_scp_extra_args',
  'ansible_sftp_extra_args',
  'ansible_shell_executable',
  'ansible_shell_type',
  'ansible_ssh_common_args',
  'ansible_ssh_executable',
  'ansible_ssh_extra_args',
  'ansible_ssh_host',
  'ansible_ssh_pass',
  'ansible_ssh_pipelining',
  'ansible_ssh_port',
  'ansible_ssh_private_key_file',
  'ansible_ssh_timeout',
  'ansible_ssh_transfer_method',
  'ansible_ssh_user',
  'ansible_timeout',
  'ansible_user',
  'ansible_rsync_path',
  'ansible_playbook_python',
  'ansible_facts',
  'add_host',
  'add_group',
]);

/** The connection plugins ansible-core ships (connection_loader.all): their `ansible_<name>_` options. */
const CONNECTION_PLUGINS = ['local', 'paramiko_ssh', 'psrp', 'ssh', 'winrm'];

/** Whether clean_facts removes `key` (a fact's name as it is injected) from the variables. */
export function isRestrictedFact(key: string): boolean {
  if (key.startsWith('ansible_ssh_host_key_')) return false;
  if (RESTRICTED.has(key) || key.startsWith('ansible_become_')) return true;
  // Python's `^ansible_.*_interpreter$`: `.` is anything but a newline, `$` allows one at the end
  if (/^ansible_[^\n]*_interpreter\n?$/.test(key)) return true;
  // containers' network devices are named so: those facts stay
  if (key.endsWith('_bridge') || key.endsWith('_gwbridge')) return false;
  return CONNECTION_PLUGINS.some((name) => key.startsWith(`ansible_${name}_`));
}
