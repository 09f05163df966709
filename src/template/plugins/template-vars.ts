/**
 * generate_ansible_template_vars (ansible/template/__init__.py): the variables the template
 * module and the template lookup add while rendering a file.
 */
import { readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { settingIfSet } from '../../config/ansible-cfg.js';
import { strftime } from '../../python/strftime.js';
import { PyDateTime } from './filters/datetime.js';

/** A local naive datetime (Python's datetime.fromtimestamp / now()) with microseconds. */
function localDateTime(epochMicros: bigint): PyDateTime {
  const ms = Number(epochMicros / 1000n);
  const d = new Date(ms);
  const micro = Number(epochMicros % 1_000_000n);
  return new PyDateTime(
    d.getFullYear(),
    d.getMonth() + 1,
    d.getDate(),
    d.getHours(),
    d.getMinutes(),
    d.getSeconds(),
    micro,
  );
}

/** pwd.getpwuid(uid).pw_name, else the uid as text (as Ansible falls back). */
function userName(uid: number): string {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length > 2 && Number(f[2]) === uid && f[2] !== '') return f[0];
    }
  } catch {
    // no passwd file: the number, as Ansible's KeyError fallback
  }
  return String(uid);
}

/** DEFAULT_MANAGED_STR: ansible.cfg's `ansible_managed`, else 'Ansible managed'. */
function managedString(): string {
  const set = settingIfSet('DEFAULT_MANAGED_STR');
  return set === undefined || set === null ? 'Ansible managed' : String(set);
}

/** str.format with the fields host, uid and file (`{{`/`}}` are literal braces). */
function formatManaged(text: string, fields: Record<string, string>): string {
  return text.replace(/\{\{|\}\}|\{(host|uid|file)\}/g, (m, name?: string) => (name ? fields[name] : m[0]));
}

/**
 * `src` as the task gave it (template_path), `fullpath` the file found (template_fullpath),
 * `dest` the task's dest (template_destpath, None for the lookup). ansible_managed is
 * DEFAULT_MANAGED_STR formatted with {host}/{uid}/{file}, then strftime'd with the file's
 * mtime in local time.
 */
export function ansibleTemplateVars(
  src: string,
  fullpath: string,
  dest: string | null,
): Record<string, unknown> {
  const st = statSync(fullpath, { bigint: true });
  const nowMicros = BigInt(Date.now()) * 1000n;
  const host = hostname();
  const uid = userName(Number(st.uid));
  return {
    template_host: host,
    template_path: src,
    template_mtime: localDateTime(st.mtimeNs / 1000n),
    template_uid: uid,
    template_run_date: localDateTime(nowMicros),
    template_destpath: dest,
    template_fullpath: path.resolve(fullpath),
    ansible_managed: strftime(
      formatManaged(managedString(), { host, uid, file: src }),
      Number(st.mtimeNs / 1000n) / 1e6,
    ),
  };
}
