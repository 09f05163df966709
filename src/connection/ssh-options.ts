/**
 * Reads the OpenSSH `-o` options that matter to us out of `ansible_ssh_common_args` /
 * `ansible_ssh_extra_args`. Like ssh itself, the first value given for an option wins.
 */

/** Splits a string the way Python's shlex.split (POSIX mode) does. */
export function shellSplit(input: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < input.length && '"\\$`\n'.includes(input[i + 1])) cur += input[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < input.length) {
      cur += input[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote`);
  if (inWord) out.push(cur);
  return out;
}

/** Options from `-o Key=Value`, `-o 'Key Value'`, `-oKey=Value`; keys lower-cased. */
export function parseSshOptions(args: readonly string[]): Map<string, string> {
  const options = new Map<string, string>();
  const set = (key: string, value: string) => {
    const k = key.toLowerCase();
    if (!options.has(k)) options.set(k, value.trim());
  };
  const tokens = args.flatMap(shellSplit);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let spec: string | undefined;
    if (t === '-o') spec = tokens[++i];
    else if (t.startsWith('-o') && t.length > 2) spec = t.slice(2);
    if (spec === undefined) continue;
    const m = /^\s*([A-Za-z]+)\s*(?:=|\s)\s*(.*)$/.exec(spec);
    if (m) set(m[1], m[2]);
    else if (/^[A-Za-z]+$/.test(spec) && i + 1 < tokens.length) set(spec, tokens[++i]); // `-o Key Value` unquoted
  }
  return options;
}
