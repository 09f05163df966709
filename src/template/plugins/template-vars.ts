/**
 * generate_ansible_template_vars (ansible/template/__init__.py): the variables the template
 * module and the template lookup add while rendering a file.
 */
import { readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
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

/**
 * `src` as the task gave it (template_path), `fullpath` the file found (template_fullpath),
 * `dest` the task's dest (template_destpath, None for the lookup). `managed` is
 * DEFAULT_MANAGED_STR, formatted (its {host}/{uid}/{file}) and strftime'd by the caller's
 * rules: flotilla's default, 'Ansible managed', has no directives.
 */
export function ansibleTemplateVars(
  src: string,
  fullpath: string,
  dest: string | null,
  managed: string,
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
    ansible_managed: managed.replaceAll('{host}', host).replaceAll('{uid}', uid).replaceAll('{file}', src),
  };
}
