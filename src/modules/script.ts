/**
 * script: uploads a controller-side script to a temp file on the host, runs it with
 * its arguments (creates/removes/chdir/executable like Ansible) and removes it.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { actionFail } from '../actions/action-fail.js';
import { quote, quoteArgs } from '../connection/shell-quote.js';
import { shlexSplit } from '../python/shlex.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { requireControllerFile } from './util/controller-file.js';
import { run, runOnTty, splitLines } from './util/remote.js';

async function exists(ctx: ModuleContext, pattern: string): Promise<boolean> {
  return (
    (await run(ctx, `IFS=; p=${quote(pattern)}; for f in $p; do [ -e "$f" ] && exit 0; done; exit 1`)).rc ===
    0
  );
}

export const scriptModule: ModuleDefinition = {
  name: 'script',
  args: {
    options: {
      _raw_params: { type: 'str' },
      cmd: { type: 'str' },
      creates: { type: 'str' },
      removes: { type: 'str' },
      chdir: { type: 'str' },
      executable: { type: 'str' },
      decrypt: { type: 'bool', default: true },
    },
  },
  async run(args, ctx) {
    const text = ((args.cmd as string | undefined) ?? (args._raw_params as string | undefined) ?? '').trim();
    if (!text) return { changed: false, failed: true, msg: 'script: no script given' };
    const [scriptPath, ...scriptArgs] = shlexSplit(text, { anyWhitespace: true });
    const creates = args.creates as string | undefined;
    const removes = args.removes as string | undefined;
    if (creates && (await exists(ctx, creates)))
      return { changed: false, skipped: true, msg: `${creates} exists, matching creates option` };
    if (removes && !(await exists(ctx, removes)))
      return {
        changed: false,
        skipped: true,
        msg: `${removes} does not exist, matching removes option`,
      };
    // the script action finds the file first, then answers check mode: changed where creates
    // or removes decided it would run, else skipped
    const local = requireControllerFile(ctx, scriptPath, 'files');
    if (ctx.check) {
      if (creates || removes) return { changed: true };
      return { changed: false, skipped: true, msg: 'Check mode is not supported for this task.' };
    }
    const content = await ctx.readLocalFile(local);
    const remote = `/tmp/.flotilla-script-${randomBytes(6).toString('hex')}-${path.basename(local)}`;
    await ctx.transport.put(content, remote, 0o700);
    // Ansible's _fixup_perms2 for an unprivileged become user: the admin connection user
    // gives the script to the become user (chown), else the become user cannot run it.
    if (ctx.become && ctx.become.user !== 'root')
      await ctx.transport.exec(`chown ${quote(ctx.become.user)} ${quote(remote)}`).catch(() => undefined);
    try {
      const exe = args.executable ? `${quote(args.executable as string)} ` : '';
      let body = `${exe}${quote(remote)} ${quoteArgs(scriptArgs)}`;
      if (args.chdir) body = `cd ${quote(args.chdir as string)} && ${body}`;
      const res = await runOnTty(ctx, body, '/bin/sh');
      const result: ModuleResult = {
        changed: true,
        rc: res.rc,
        stdout: res.stdout,
        stdout_lines: splitLines(res.stdout),
        stderr: res.stderr,
        stderr_lines: splitLines(res.stderr),
      };
      // The script action raises AnsibleActionFail for a non-zero rc.
      if (res.rc !== 0) Object.assign(result, actionFail('non-zero return code'), { failed: true });
      return result;
    } finally {
      await ctx.transport.exec(`rm -f ${quote(remote)}`).catch(() => undefined);
    }
  },
};
