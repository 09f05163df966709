/**
 * Ansible's `script` inventory plugin (plugins/inventory/script.py, 2.14): an executable file,
 * or one that starts with `#!`, is run with `--list` on the controller and its JSON read as
 * groups (`hosts`, `vars`, `children`; a list is a host list) and `_meta.hostvars`. Without
 * `_meta.hostvars` the script is asked `--host <name>` for each host. Tried before the YAML
 * and INI plugins, as in Ansible's default enable_plugins order.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readSync } from 'node:fs';
import { FlotillaError } from '../errors/index.js';
import { pyJsonLoads } from '../python/json-loads.js';
import { isMapping } from '../python/values.js';
import type { InventoryBuilder } from './builder.js';

/** script.py verify_file: executable, or a `#!` first line. */
export function isInventoryScript(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return hasShebang(path);
  }
}

/** The file's first bytes (fewer when it is shorter or unreadable). */
function head(path: string, size: number): string {
  const buf = Buffer.alloc(size);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return buf.subarray(0, readSync(fd, buf, 0, size, 0)).toString('latin1');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The file starts with `#!`. */
export function hasShebang(path: string): boolean {
  return head(path, 2) === '#!';
}

/**
 * Whether the kernel can run the file itself (a `#!` script or an ELF binary). Node's spawn,
 * unlike Python's, hands any other file to /bin/sh (execvp's ENOEXEC fallback): an executable
 * INI file would run as shell commands. Such a file fails here as it fails in Ansible.
 */
function kernelRuns(path: string): boolean {
  const magic = head(path, 4);
  return magic.startsWith('#!') || magic === '\x7fELF';
}

function scriptError(message: string): FlotillaError {
  return new FlotillaError('FLT_INVENTORY_SCRIPT', message, {
    hint: 'the script must print a JSON object of groups (and _meta.hostvars) for --list, and exit 0',
  });
}

/** What OSError says when the script cannot be started. */
const START_ERRORS: Record<string, string> = {
  ENOEXEC: '[Errno 8] Exec format error',
  EACCES: '[Errno 13] Permission denied',
  ENOENT: '[Errno 2] No such file or directory',
};

/** Runs the script with its arguments; its stdout, or the plugin's error. */
function run(path: string, args: string[]): { stdout: string; stderr: string } {
  const command = [path, ...args].join(' ');
  if (!kernelRuns(path)) throw scriptError(`problem running ${command} (${START_ERRORS.ENOEXEC}: '${path}')`);
  const r = spawnSync(path, args, { maxBuffer: 512 * 1024 * 1024 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code ?? '';
    const why = START_ERRORS[code] ?? r.error.message;
    throw scriptError(`problem running ${command} (${why}: '${path}')`);
  }
  let stderr = r.stderr.toString('utf8');
  if (stderr && !stderr.endsWith('\n')) stderr += '\n';
  if (r.status !== 0) throw scriptError(`Inventory script (${path}) had an execution error: ${stderr} `);
  let stdout: string;
  try {
    stdout = new TextDecoder('utf-8', { fatal: true }).decode(r.stdout);
  } catch (err) {
    throw scriptError(
      `Inventory ${path} contained characters that cannot be interpreted as UTF-8: ${(err as Error).message}`,
    );
  }
  return { stdout, stderr };
}

/** Reads the script's inventory into the builder; throws the plugin's error. */
export function parseInventoryScript(path: string, builder: InventoryBuilder): void {
  const { stdout, stderr } = run(path, ['--list']);
  let processed: unknown;
  try {
    processed = pyJsonLoads(stdout);
  } catch (err) {
    // DataLoader's AnsibleParserError repeats the JSON error it wraps (". <orig_exc>")
    const why = (err as Error).message;
    throw scriptError(
      `failed to parse executable inventory script results from ${path}: ${why}. ${why}\n${stderr}`,
    );
  }
  if (!isMapping(processed))
    throw scriptError(
      `failed to parse executable inventory script results from ${path}: needs to be a json dict\n${stderr}`,
    );
  const hosts = new Set<string>();
  let fromMeta: unknown;
  for (const [group, data] of Object.entries(processed)) {
    if (group === '_meta') {
      if (isMapping(data) && 'hostvars' in data) fromMeta = data.hostvars;
    } else parseGroup(builder, group, data, hosts);
  }
  for (const host of hosts) {
    let vars: unknown;
    if (fromMeta === undefined) vars = hostVariables(path, host);
    else if (isMapping(fromMeta)) vars = fromMeta[host] ?? {};
    else throw scriptError(`Improperly formatted host information for ${host}: 'hostvars' is not a dict`);
    if (!isMapping(vars)) throw scriptError(`Improperly formatted host information for ${host}`);
    for (const [k, v] of Object.entries(vars)) builder.setVariable(host, k, v);
  }
}

/** script.py _parse_group. */
function parseGroup(builder: InventoryBuilder, name: string, given: unknown, hosts: Set<string>): void {
  const group = builder.addGroup(name);
  let data: Record<string, unknown>;
  if (!isMapping(given)) data = { hosts: given };
  // none of the keys: the simplified form, a host of the group's name with these vars
  else if (!['hosts', 'vars', 'children'].some((k) => k in given)) data = { hosts: [group], vars: given };
  else data = given;
  if ('hosts' in data) {
    if (!Array.isArray(data.hosts))
      throw scriptError(
        `You defined a group '${group}' with bad data for the host list:\n ${JSON.stringify(given)}`,
      );
    for (const host of data.hosts) {
      hosts.add(String(host));
      builder.addHost(String(host), group);
    }
  }
  if ('vars' in data) {
    if (!isMapping(data.vars))
      throw scriptError(
        `You defined a group '${group}' with bad data for variables:\n ${JSON.stringify(given)}`,
      );
    for (const [k, v] of Object.entries(data.vars)) builder.setVariable(group, k, v);
  }
  if ('children' in data) {
    const children = isMapping(data.children) ? Object.keys(data.children) : data.children;
    if (Array.isArray(children))
      for (const child of children) builder.addChild(group, builder.addGroup(String(child)));
  }
}

/** script.py get_host_variables: `<script> --host <name>`. */
function hostVariables(path: string, host: string): unknown {
  const { stdout } = run(path, ['--host', host]);
  if (stdout.trim() === '') return {};
  try {
    return pyJsonLoads(stdout);
  } catch {
    throw scriptError(`could not parse post variable response: ['${path}', '--host', '${host}'], ${stdout}`);
  }
}
