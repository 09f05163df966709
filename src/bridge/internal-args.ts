/**
 * The `_ansible_*` arguments Ansible adds to every module's arguments
 * (plugins/action/__init__.py `_update_module_args`), as ansible-core 2.14 sets them with
 * pipelining (no remote tmp dir: `_ansible_tmpdir` is None) and its default configuration.
 */
import type { ModuleContext } from '../modules/types.js';

/** The ansible-core release whose behaviour flotilla implements and is checked against. */
export const ANSIBLE_CORE_VERSION = '2.14.18';

/** DEFAULT_SELINUX_SPECIAL_FS. */
const SELINUX_SPECIAL_FS = ['fuse', 'nfs', 'vboxsf', 'ramfs', '9p', 'vfat'];

export function internalArgs(moduleName: string, ctx: ModuleContext): Record<string, unknown> {
  return {
    _ansible_check_mode: ctx.check,
    _ansible_no_log: ctx.noLog ?? false,
    _ansible_debug: false,
    _ansible_diff: ctx.diff,
    _ansible_verbosity: ctx.verbosity ?? 0,
    _ansible_version: ANSIBLE_CORE_VERSION,
    _ansible_module_name: moduleName,
    _ansible_syslog_facility: ctx.syslogFacility ?? 'LOG_USER',
    _ansible_selinux_special_fs: SELINUX_SPECIAL_FS,
    _ansible_string_conversion_action: 'warn',
    _ansible_socket: null,
    _ansible_shell_executable: ctx.shellExecutable ?? '/bin/sh',
    _ansible_keep_remote_files: false,
    _ansible_tmpdir: null,
    _ansible_remote_tmp: '~/.ansible/tmp',
  };
}
