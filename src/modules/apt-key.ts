/**
 * apt_key (Ansible 2.14): the module's own commands, run by the same binaries (apt-key,
 * and gpg for a key's id), in one script per step: the key's id from `file` or `data`
 * when no `id` is given (gpg --with-colons, under get_best_parsable_locale's locale), the
 * keyring's keys (apt-key adv --list-public-keys), and on a change apt-key add or del with
 * the list again. One run unchanged and two changed when `id` is given, one more without.
 * `url` and `keyserver` (network fetches) go to the bridge, as does a host without apt-key
 * or gpg (get_bin_path's message names the host's PATH).
 */
import { quote } from '../connection/shell-quote.js';
import { pyWords } from '../python/whitespace.js';
import type { ModuleDefinition, ModuleResult } from './types.js';
import { ModuleFailure, NativeUnsupported, run } from './util/remote.js';

interface Step {
  rc: number;
  stdout: string;
  stderr: string;
}

const NO_BINARY = 3;
const ERROR_NO_ERROR =
  'apt-key did not return an error, but %s (check that the id is correct and *not* a subkey)';

/** The binaries (get_bin_path's extra sbin directories), then each step's rc, stdout and stderr. */
function script(steps: string[]): string {
  return [
    'PATH="$PATH:/sbin:/usr/sbin:/usr/local/sbin"',
    `A=$(command -v apt-key) && G=$(command -v gpg) || exit ${NO_BINARY}`,
    'printf "%s\\n%s\\n" "$A" "$G"',
    'o=$(mktemp -d) || exit 1',
    'trap \'rm -rf -- "$o"\' EXIT',
    'out() { printf "%s\\n" "$1"; base64 -w0 < "$o/out"; printf "\\n"; base64 -w0 < "$o/err"; printf "\\n"; }',
    ...steps.map((step) => `${step} >"$o/out" 2>"$o/err"; r=$?; out $r; [ $r -eq 0 ] || exit 0`),
  ].join('\n');
}

async function runSteps(
  ctx: Parameters<ModuleDefinition['run']>[1],
  steps: string[],
): Promise<{ aptKey: string; gpg: string; steps: Step[] }> {
  const res = await run(ctx, script(steps));
  if (res.rc === NO_BINARY) throw new NativeUnsupported('apt_key', 'no apt-key or gpg on the host');
  if (res.rc !== 0) throw new ModuleFailure(res.stderr.trim() || 'apt_key: the commands did not run', res);
  const lines = res.stdout.split('\n');
  const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
  const out: Step[] = [];
  for (let i = 2; i + 2 < lines.length; i += 3)
    out.push({ rc: Number(lines[i]), stdout: decode(lines[i + 1]), stderr: decode(lines[i + 2]) });
  return { aptKey: lines[0], gpg: lines[1], steps: out };
}

/** parse_output_for_keys. */
export function parseOutputForKeys(output: string, shortFormat = false): string[] {
  const found: string[] = [];
  for (const line of output.split('\n')) {
    if (!(line.startsWith('pub') || line.startsWith('sub')) || line.includes('expired')) continue;
    const tokens = pyWords(line);
    const code = tokens[1]?.split('/');
    if (code && code.length === 2) found.push(code[1]);
    else {
      const colons = line.split(':');
      if (colons.length > 4) found.push(colons[4]);
    }
  }
  return shortFormat ? found.map((k) => k.slice(-8)) : found;
}

/** parse_key_id: [short id, fingerprint, key id], or null for its ValueError. */
export function parseKeyId(keyId: string | null): [string, string, string] | null {
  // int(key_id, 16): Python's literal rules (sign, 0x, underscores, surrounding whitespace)
  const text = keyId ?? 'None';
  if (!/^\s*[+-]?(0[xX])?_?[0-9a-fA-F](_?[0-9a-fA-F])*\s*$/.test(text)) return null;
  let id = text.toUpperCase();
  if (id.startsWith('0X')) id = id.slice(2);
  if (id.length !== 8 && id.length !== 16 && id.length <= 16) return null;
  return [id.slice(-8), id.length > 16 ? id.slice(-16) : id, id];
}

/** `words` as run_command splits a command string (shlex), each quoted for the shell. */
const shellWords = (cmd: string) => cmd.split(/\s+/).filter(Boolean).map(quote).join(' ');

export const aptKeyModule: ModuleDefinition = {
  name: 'apt_key',
  bridgeFor: (args) => Boolean(args.url) || Boolean(args.keyserver),
  args: {
    options: {
      id: { type: 'str' },
      url: { type: 'str' },
      data: { type: 'str' },
      file: { type: 'path' },
      keyring: { type: 'path' },
      validate_certs: { type: 'bool', default: true },
      keyserver: { type: 'str' },
      state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
    },
    mutuallyExclusive: [['data', 'file', 'keyserver', 'url']],
  },
  async run(args, ctx): Promise<ModuleResult> {
    if (args.url || args.keyserver) throw new NativeUnsupported('apt_key', 'url or keyserver');
    let keyId = (args.id ?? null) as string | null;
    const data = (args.data ?? null) as string | null;
    const filename = (args.file ?? null) as string | null;
    const keyring = (args.keyring ?? null) as string | null;
    const state = args.state as string;
    const ring = keyring !== null ? ` --keyring ${keyring}` : '';
    const listCmd = (bin: string) => `${bin}${ring} adv --list-public-keys --keyid-format=long`;
    const list = `"$A"${keyring !== null ? ` --keyring ${shellWords(keyring)}` : ''} adv --list-public-keys --keyid-format=long </dev/null`;
    const r: ModuleResult = { changed: false };

    if (!keyId && (filename || data)) {
      // get_key_id_from_file: armored data goes as text (with run_command's newline), the rest as is
      const locale = [
        'L=C; for l in C.utf8 C.UTF-8 en_US.utf8 en_US.UTF-8 C POSIX; do',
        '  locale -a 2>/dev/null | grep -qxF "$l" && { L=$l; break; }',
        'done; ',
      ].join('\n');
      const env = 'LANG=$L LC_ALL=$L LC_MESSAGES=$L';
      let step: string;
      if (filename) step = `${locale}${env} "$G" --with-colons ${quote(filename)} </dev/null`;
      else {
        const text = data as string;
        const armored = text.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----');
        const b64 = Buffer.from(armored ? `${text}\n` : text).toString('base64');
        step = `${locale}printf %s ${quote(b64)} | base64 -d | ${env} "$G" --with-colons -`;
      }
      const [extract] = (await runSteps(ctx, [step])).steps;
      if (extract.rc !== 0)
        throw new ModuleFailure(`Unable to extract key from '${filename ? filename : 'inline data'}'`, {
          stdout: extract.stdout,
          stderr: extract.stderr,
        });
      keyId = parseOutputForKeys(extract.stdout)[0] ?? null;
    }
    r.id = keyId;
    const parsed = parseKeyId(keyId);
    if (parsed === null) throw new ModuleFailure('Invalid key_id', { id: keyId });
    const [shortId, fingerprint, fullId] = parsed;
    Object.assign(r, { short_id: shortId, fp: fingerprint, key_id: fullId });
    const shortFormat = fullId.length === 8;

    const res = await runSteps(ctx, [list]);
    const [listed] = res.steps;
    const checkList = (step: Step, fields: ModuleResult) => {
      if (step.rc !== 0)
        throw new ModuleFailure('Unable to list public keys', {
          cmd: listCmd(res.aptKey),
          rc: step.rc,
          stdout: step.stdout,
          stderr: step.stderr,
          ...fields,
        });
      return parseOutputForKeys(step.stdout, shortFormat);
    };
    const keys = checkList(listed, {});
    r.before = keys;
    const wanted = shortFormat ? shortId : fingerprint;

    if (state === 'present' && !keys.includes(wanted)) {
      r.changed = true;
      if (!ctx.check) {
        const addCmd = `${res.aptKey}${ring} add ${filename ?? '-'}`;
        const add = filename
          ? `"$A"${keyring !== null ? ` --keyring ${shellWords(keyring)}` : ''} add ${shellWords(filename)} </dev/null`
          : `printf %s ${quote(Buffer.from(data ?? '').toString('base64'))} | base64 -d | "$A"${keyring !== null ? ` --keyring ${shellWords(keyring)}` : ''} add -`;
        const done = await runSteps(ctx, [add, list]);
        const [added, after] = done.steps;
        if (added.rc !== 0)
          throw new ModuleFailure(
            filename ? `Unable to add a key from file ${filename}` : 'Unable to add a key from binary data',
            {
              cmd: addCmd,
              rc: added.rc,
              ...(filename ? { keyfile: filename } : {}),
              stdout: added.stdout,
              stderr: added.stderr,
            },
          );
        const keys2 = checkList(after, {});
        r.after = keys2;
        if (!keys2.includes(wanted))
          throw new ModuleFailure(ERROR_NO_ERROR.replace('%s', 'failed to add the key'), r);
      }
    } else if (state === 'absent' && keys.includes(fingerprint)) {
      r.changed = true;
      if (!ctx.check) {
        const del = `"$A"${keyring !== null ? ` --keyring ${shellWords(keyring)}` : ''} del ${quote(shortId)} </dev/null`;
        const done = await runSteps(ctx, [del, list]);
        const [removed, after] = done.steps;
        if (removed.rc !== 0)
          throw new ModuleFailure(`Unable to remove a key with id ${shortId}`, {
            cmd: `${res.aptKey}${ring} del ${shortId}`,
            rc: removed.rc,
            key_id: shortId,
            stdout: removed.stdout,
            stderr: removed.stderr,
          });
        const keys2 = checkList(after, {});
        r.after = keys2;
        if (keys2.includes(fingerprint))
          throw new ModuleFailure(ERROR_NO_ERROR.replace('%s', 'the key was not removed'), r);
      }
    }
    return r;
  },
};
