/**
 * AnsibleModule.get_bin_path on the host, as shell text: PATH, then the sbin dirs that exist
 * and PATH lacks; a required command that is missing ends the script with exit 3 and
 * Ansible's message on stderr.
 */

/** Sets `$ps` to get_bin_path's search list: PATH, then the sbin dirs that exist and PATH lacks. */
export const BIN_SEARCH_PATHS =
  'ps=$PATH; for s in /sbin /usr/sbin /usr/local/sbin; do case ":$PATH:" in *":$s:"*) ;; *) [ -e "$s" ] && ps="$ps:$s";; esac; done';

/** Exit status of the script when the command is missing (its message is on stderr). */
export const BIN_MISSING = 3;

/** Sets `$<variable>` to the command's path, or exits BIN_MISSING with Ansible's message. */
export function binPathScript(command: string, variable: string): string {
  return [
    BIN_SEARCH_PATHS,
    `${variable}=; IFS=:; for d in $ps; do [ -n "$d" ] && [ -x "$d/${command}" ] && [ ! -d "$d/${command}" ] && { ${variable}="$d/${command}"; break; }; done; unset IFS`,
    `[ -n "$${variable}" ] || { printf 'Failed to find required executable "${command}" in paths: %s\\n' "$ps" >&2; exit ${BIN_MISSING}; }`,
  ].join('\n');
}
