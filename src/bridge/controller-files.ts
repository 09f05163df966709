/**
 * The controller half of Ansible's unarchive, uri and assemble action plugins (plugins/
 * action/unarchive.py, uri.py, assemble.py): a file named on the controller (`src`, unless
 * `remote_src`; uri's form-multipart `filename`s; assemble's fragments, joined here) is found
 * as _find_needle finds it, sent into a private temp dir on the host (Ansible's shell tmpdir,
 * under ~/.ansible/tmp), the module runs from Ansible's code with the host's path in its
 * arguments, and the dir is removed whatever happened.
 */

import { randomInt } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { quote } from '../connection/shell-quote.js';
import type { ModuleContext, ModuleResult } from '../modules/types.js';
import { contentDiff, MAX_DIFF_BYTES } from '../modules/util/content-diff.js';
import { requireControllerFile } from '../modules/util/controller-file.js';
import { pyRegex } from '../modules/util/python-regex.js';
import { ModuleFailure, run } from '../modules/util/remote.js';
import { boolean } from '../python/boolean.js';
import { PYTHON_SIMPLE_ESCAPES } from '../python/escapes.js';

type Args = Record<string, unknown>;
/** Runs the task's module, or another of Ansible's (assemble's copy). */
type RunModule = (args: Args, ansibleModule?: 'copy') => Promise<ModuleResult>;

/** The builtins whose action plugin transfers controller files first. */
export const CONTROLLER_FILE_ACTIONS = new Set(['unarchive', 'uri', 'assemble']);

/** Ansible's AnsibleActionFail / AnsibleActionSkip results. */
class ActionEnd extends Error {
  constructor(readonly result: ModuleResult) {
    super(String(result.msg));
  }
}
/** AnsibleActionFail records traceback.format_exc(), outside an except block "NoneType: None". */
const fail = (msg: string) => new ActionEnd({ failed: true, msg, exception: 'NoneType: None\n' });

export async function runWithControllerFiles(
  action: string,
  args: Args,
  ctx: ModuleContext,
  runModule: RunModule,
): Promise<ModuleResult> {
  const tmp = new RemoteTmp(ctx);
  try {
    const plugin = action === 'unarchive' ? unarchive : action === 'uri' ? uri : assemble;
    return await plugin(args, ctx, tmp, runModule);
  } catch (err) {
    if (err instanceof ActionEnd) return err.result;
    throw err;
  } finally {
    await tmp.remove();
  }
}

async function unarchive(
  args: Args,
  ctx: ModuleContext,
  tmp: RemoteTmp,
  runModule: RunModule,
): Promise<ModuleResult> {
  const moduleArgs = { ...args };
  let remoteSrc = boolean(args.remote_src ?? false, false);
  if ('copy' in moduleArgs) {
    if ('remote_src' in moduleArgs) throw fail("parameters are mutually exclusive: ('copy', 'remote_src')");
    remoteSrc = !boolean(moduleArgs.copy, false);
    moduleArgs.remote_src = remoteSrc;
    delete moduleArgs.copy;
  }
  const { src, dest, creates } = moduleArgs;
  if (src === undefined || src === null || dest === undefined || dest === null)
    throw fail('src (or content) and dest are required');
  if (creates && (await ctx.transport.exec(`test -e ${remotePath(String(creates))}`)).rc === 0)
    throw new ActionEnd({ skipped: true, changed: false, msg: `skipped, since ${creates} exists` });
  const local = remoteSrc ? undefined : findNeedle(ctx, String(src));
  // _execute_remote_stat(dest, follow=True), under the task's become
  if ((await run(ctx, `test -d ${remotePath(String(dest))}`)).rc !== 0)
    throw fail(`dest '${dest}' must be an existing dir`);
  if (local) moduleArgs.src = await tmp.send(ctx, local, 'source', boolean(args.decrypt ?? true, false));
  delete moduleArgs.decrypt;
  return runModule(moduleArgs);
}

async function uri(
  args: Args,
  ctx: ModuleContext,
  tmp: RemoteTmp,
  runModule: RunModule,
): Promise<ModuleResult> {
  if (boolean(args.remote_src ?? 'no', false)) return runModule(args);
  const moduleArgs = { ...args };
  const { src, body } = args;
  if (src) {
    const local = findNeedle(ctx, String(src));
    moduleArgs.src = await tmp.send(ctx, local, path.basename(local));
  } else if ((args.body_format ?? 'raw') === 'form-multipart') {
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw fail(`body must be mapping, cannot be type ${pythonTypeName(body)}`);
    const fields: Args = { ...(body as Args) };
    for (const [field, value] of Object.entries(fields)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      const { content, filename } = value as Args;
      if (!filename || content) continue;
      const local = findNeedle(ctx, String(filename));
      fields[field] = { ...(value as Args), filename: await tmp.send(ctx, local, path.basename(local)) };
    }
    moduleArgs.body = fields;
  }
  return runModule(moduleArgs);
}

async function assemble(
  args: Args,
  ctx: ModuleContext,
  tmp: RemoteTmp,
  runModule: RunModule,
): Promise<ModuleResult> {
  // the plugin sets _supports_check_mode = False before ActionBase.run checks it
  if (ctx.check) throw new ActionEnd({ skipped: true, msg: 'check mode is not supported for this task.' });
  const { src, dest, delimiter, regexp } = args;
  const decrypt = boolean(args.decrypt ?? true, false);
  const moduleArgs = { ...args };
  delete moduleArgs.decrypt;
  if (src === undefined || src === null || dest === undefined || dest === null)
    throw fail('src and dest are required');
  if (boolean(args.remote_src ?? 'yes', false)) return runModule(moduleArgs);
  const dir = findNeedle(ctx, String(src));
  if (!statSync(dir).isDirectory()) throw fail(`Source (${dir}) is not a directory`);
  const assembled = await assembleFragments(dir, {
    delimiter: typeof delimiter === 'string' ? delimiter : undefined,
    regexp: regexp === undefined || regexp === null ? undefined : pyRegex(String(regexp)),
    ignoreHidden: boolean(args.ignore_hidden ?? false, false),
    read: (f) => (decrypt ? ctx.readLocalFile(f) : readFile(f)),
  });
  for (const opt of ['remote_src', 'regexp', 'delimiter', 'ignore_hidden']) delete moduleArgs[opt];
  // Ansible compares checksum_s(path), the checksum of the temp file's *name*, with the dest's
  // checksum: they never match, so it always sends the file and runs copy (which finds it
  // unchanged); its file-module branch is dead, and so is it here.
  const diff = ctx.diff ? await assembleDiff(ctx, String(dest), assembled, dir) : undefined;
  moduleArgs.src = await tmp.sendBytes(ctx, assembled, 'src');
  const result = await runModule(moduleArgs, 'copy');
  return diff ? { ...result, diff } : result;
}

/**
 * _get_diff_data(dest, assembled file): the dest's text when it is small enough (read in one
 * round trip, under the task's become), and the assembled text. Ansible's after_header is its
 * local temp file of the assembled text; flotilla assembles in memory and names the fragments'
 * dir instead.
 */
async function assembleDiff(ctx: ModuleContext, dest: string, assembled: Buffer, fragments: string) {
  const res = await run(
    ctx,
    `p=${remotePath(dest)}; if [ -f "$p" ]; then s=$(wc -c < "$p") || exit 1; echo "$s"; if [ "$s" -le ${MAX_DIFF_BYTES} ]; then base64 < "$p" | tr -d '\\n'; fi; fi`,
  );
  if (res.rc !== 0) return undefined; // Ansible warns and shows no diff when it cannot peek
  const [size, data = ''] = res.stdout.split('\n');
  const before = !size ? null : Number(size) > MAX_DIFF_BYTES ? Number(size) : Buffer.from(data, 'base64');
  return contentDiff(before, assembled, dest, fragments);
}

/** _assemble_from_fragments: sorted regular files, a newline after one without, delimiters between. */
async function assembleFragments(
  dir: string,
  o: { delimiter?: string; regexp?: RegExp; ignoreHidden: boolean; read(file: string): Promise<Buffer> },
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let first = true;
  let addNewline = false;
  for (const name of readdirSync(dir).sort()) {
    if (o.regexp && !o.regexp.test(name)) continue;
    const fragment = `${dir}/${name}`;
    if (!statSync(fragment, { throwIfNoEntry: false })?.isFile() || (o.ignoreHidden && name.startsWith('.')))
      continue;
    const content = await o.read(fragment);
    if (addNewline) parts.push(Buffer.from('\n'));
    if (!first && o.delimiter) {
      const delimiter = Buffer.from(escapeDecode(o.delimiter), 'latin1');
      parts.push(delimiter);
      if (delimiter[delimiter.length - 1] !== 0x0a) parts.push(Buffer.from('\n'));
    }
    parts.push(content);
    first = false;
    addNewline = !content.toString('latin1').endsWith('\n');
  }
  return Buffer.concat(parts);
}

/** codecs.escape_decode of the delimiter's UTF-8 bytes: backslash escapes, as latin1 text. */
function escapeDecode(text: string): string {
  return Buffer.from(text, 'utf8')
    .toString('latin1')
    .replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/gs, (m, e: string) => {
      if (e[0] === 'x') return String.fromCharCode(Number.parseInt(e.slice(1), 16));
      if (/^[0-7]/.test(e)) return String.fromCharCode(Number.parseInt(e, 8) & 0xff);
      return PYTHON_SIMPLE_ESCAPES[e] ?? m;
    });
}

/**
 * _find_needle('files', name): the task's role/task-file/playbook search path (the module
 * side's requireControllerFile), its AnsibleFileNotFound failure ending the action.
 */
function findNeedle(ctx: ModuleContext, name: string): string {
  try {
    return requireControllerFile(ctx, name, 'files');
  } catch (err) {
    if (err instanceof ModuleFailure) throw new ActionEnd({ failed: true, msg: err.message, ...err.extra });
    throw err;
  }
}

/** A path for the host's shell: quoted, but a leading `~` left for the shell to expand. */
function remotePath(p: string): string {
  const m = /^(~[^/]*)(\/.*)?$/.exec(p);
  return m ? `${m[1]}${m[2] ? quote(m[2]) : ''}` : quote(p);
}

function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  return 'dict';
}

/** Ansible's shell tmpdir on the host: made by the login user, private, removed at the end. */
class RemoteTmp {
  private dir?: string;

  constructor(private readonly ctx: ModuleContext) {}

  /** Sends a controller file (vault-decrypted) into the dir; returns its path on the host. */
  async send(ctx: ModuleContext, local: string, name: string, decrypt = true): Promise<string> {
    return this.sendBytes(ctx, decrypt ? await ctx.readLocalFile(local) : await readFile(local), name);
  }

  async sendBytes(ctx: ModuleContext, content: Buffer, name: string): Promise<string> {
    this.dir ??= await this.make();
    const remote = `${this.dir}/${name}`;
    await ctx.transport.put(content, remote, 0o600);
    await this.fixupPerms(remote);
    return remote;
  }

  async remove(): Promise<void> {
    if (!this.dir) return;
    const dir = this.dir;
    this.dir = undefined;
    await this.ctx.transport.exec(`rm -f -r ${quote(dir)} > /dev/null 2>&1`).catch(() => undefined);
  }

  private async make(): Promise<string> {
    // _make_tmp_path's name: ansible-tmp-<time>-<pid>-<random>
    const name = `ansible-tmp-${Date.now() / 1000}-${process.pid}-${randomInt(2 ** 47)}`;
    const res = await this.ctx.transport.exec(
      `( umask 77 && mkdir -p "$(echo ~/.ansible/tmp)" && mkdir "$(echo ~/.ansible/tmp/${name})" && echo "$(echo ~/.ansible/tmp/${name})" )`,
    );
    const dir = res.stdout.trim();
    if (res.rc !== 0 || !dir.startsWith('/'))
      throw fail(
        `Failed to create temporary directory on the host: ${res.stderr.trim() || res.stdout.trim()}`,
      );
    return dir;
  }

  /** _fixup_perms2: becoming another unprivileged user, that user may read the file (ACLs). */
  private async fixupPerms(remote: string): Promise<void> {
    const user = this.ctx.become?.user;
    if (!user || user === 'root' || !this.dir) return;
    const res = await this.ctx.transport.exec(
      `setfacl -m u:${quote(user)}:r-x ${quote(this.dir)} && setfacl -m u:${quote(user)}:r-- ${quote(remote)}`,
    );
    if (res.rc !== 0)
      throw fail(
        `Failed to set permissions on the temporary files Ansible needs to create when becoming an unprivileged user (rc: ${res.rc}, err: ${res.stderr.trim()}}). For information on working around this, see https://docs.ansible.com/ansible-core/2.14/playbook_guide/playbooks_privilege_escalation.html#risks-of-becoming-an-unprivileged-user`,
      );
  }
}
