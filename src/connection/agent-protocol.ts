/**
 * The wire format of the persistent channel's agent (see agent-channel.ts): the POSIX-sh
 * agent itself, the request frames the controller writes to its stdin and the parser of
 * what comes back. Pure code, no I/O: unit-tested at this seam.
 *
 * Request (controller → agent), one at a time:
 *   `<mark> <text lines|-> <text bytes> <stdin lines|-> <stdin bytes>\n`, then the command
 *   text, then its stdin. Each is sent as lines (read by the shell's `read` builtin: no
 *   process) when it is small text, else as raw bytes (read by one `head -c`: `read` takes a
 *   pipe byte by byte, which costs more than a process beyond about a KiB). `<mark>` is a
 *   fresh random word per command. Empty lines between requests are skipped (the
 *   controller's nudges, see AgentChannel).
 * Replies (agent → controller): once, `flotilla-agent-ready <pid> <dir>\n` on stdout and
 *   `flotilla-agent-ready\n` on stderr, when the agent has made its private temp dir; then
 *   per command, its stdout and stderr as it writes them, straight into the channel's two
 *   streams (no files, no copies, nothing to count), each followed by `<mark>`; on stdout
 *   the mark is followed by ` <status> <rc|->\n`.
 * A command's output ends where its mark appears: nothing on the host knows the mark before
 * the command has ended (it lives in the agent's memory only), so output cannot forge one.
 * `status` is what the agent's `wait` saw; `rc` is the exit code the command's shell gave
 * `exit` when above 128 (its EXIT trap writes it; `-` otherwise: the shell was killed by a
 * signal, or the code is the status). So a status above 128 without `rc` is the signal
 * `status - 128`, as ssh's exit-signal reports it. The command's shell leads its own process
 * group and writes its PID to `<dir>/g`, so a timeout or an interrupt kills the group from
 * another session (agentKillCommand, remote-pid.ts's kill).
 *
 * Per command the host starts one process: a subshell of the agent that execs the login
 * shell with the command (as sshd runs `$SHELL -c`; through setsid unless the agent is bash,
 * whose job control gives the subshell its own process group), plus one `head -c` per large
 * text or stdin. The text reaches the command's shell in its environment (readable by
 * its owner only) or, when large, in a file of the agent's private dir, never on a command
 * line (`ps`); a stdin file is emptied after each command and the dir goes with the agent.
 */
import { constants } from 'node:os';
import { killProcessGroupCommand } from './remote-pid.js';
import { quote } from './shell-quote.js';

export const AGENT_READY = 'flotilla-agent-ready';

/**
 * What runs each command, as the login shell (`sh -c` semantics, like sshd's `$SHELL -c`):
 * write the shell's PID to the temp dir, record an exit code above 128 there on a normal
 * exit (not on a signal), then evaluate the command's text, taken out of the environment
 * (or sourced from the dir's file `c` when it was large), with SHLVL as sshd's shell would
 * have left it. $1 is the agent's temp dir. Its variables are not withEnv's (__flt_e, __flt_l).
 */
const RUNNER =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  '[ "${__flt_v+1}" ] && { SHLVL=$__flt_v; unset __flt_v; }; ' +
  `echo "$$" >"$1/g"; __flt_r=$1/r; ` +
  `trap '__flt_s=$?; [ "$__flt_s" -gt 128 ] && echo "$__flt_s" >"$__flt_r"' EXIT; ` +
  // bash runs the EXIT trap when a signal kills it too: so a signal drops that trap and
  // kills the shell again with itself, and the agent sees a death by signal.
  `for __flt_s in HUP INT QUIT PIPE TERM; do trap "trap - EXIT $__flt_s; kill -$__flt_s \\$\\$" $__flt_s; done; ` +
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  'set --; if [ "${__flt_c+1}" ]; then __flt_x=$__flt_c; unset __flt_c; eval "$__flt_x"; else . "${__flt_r%/r}/c"; fi';

/**
 * The sweep: an agent killed outright (SIGKILL) could not remove its dir, so a starting
 * agent removes every agent dir whose agent (the PID in its name) is gone. Only builtins and
 * no file read per dir, and the controller asks for it only on a host's first agent in the
 * run and after an agent died (agentCommand): a host that holds thousands of agents (a
 * loopback fleet shares one /tmp) would otherwise pay for all of them on every connection.
 */
const SWEEP = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  '{ for o in "${TMPDIR:-/tmp}"/.flotilla-agent.*; do',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  '  p=${o##*/.flotilla-agent.}; p=${p%%.*}',
  '  case $p in ""|*[!0-9]*) continue ;; esac',
  '  kill -0 "$p" || rm -rf "$o"',
  'done; } 2>/dev/null',
];

/**
 * The agent. It reads requests until its stdin ends (the controller closed the channel),
 * runs each command under setsid (its own process group) through the login shell when that
 * is a POSIX one, and removes its temp dir on exit, including on HUP/INT/TERM/PIPE (sshd's
 * hang-up when the connection dies). The dir's name holds the agent's PID, so the dir of an
 * agent that was killed outright is removed by a later agent's sweep. The agent's own fd 2
 * goes to /dev/null once it is ready (dash reports a job killed by a signal, "Killed", on
 * it); the channel's stderr stays on fd 4 for the commands.
 */
const AGENT_LINES = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  'd=$(mktemp -d "${TMPDIR:-/tmp}/.flotilla-agent.$$.XXXXXXXX") || exit 97',
  `trap 'rm -rf "$d"' EXIT`,
  'SWEEP',
  'echo "$$" >"$d/pid"',
  `trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 141' PIPE; trap 'exit 143' TERM`,
  // Each command leads its own process group: bash's job control gives every job one (no
  // terminal needed); other shells exec setsid first.
  'S=; if [ -n "$BASH_VERSION" ] && set -m; then :; elif command -v setsid >/dev/null 2>&1; then S=setsid; fi',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  'x=/bin/sh; case ${SHELL##*/} in sh|bash|dash|ksh|mksh|zsh|ash) x=$SHELL ;; esac',
  `w='${RUNNER.replaceAll("'", `'"'"'`)}'`,
  `printf '${AGENT_READY}\\n' >&2`,
  `printf '${AGENT_READY} %s %s\\n' "$$" "$d"`,
  'exec 4>&2 2>/dev/null',
  // bash counts SHLVL up, and sshd's bash execs a command's last program with the level it
  // was given: the agent hands its own given level down for the command's shell to restore.
  '[ -z "$BASH_VERSION" ] || { __flt_v=$((SHLVL-1)); export __flt_v; }',
  // rl N: the next N lines, joined by newlines, into $v (dash: `read` takes a pipe byte by byte)
  'rl() { v=; k=0; while [ "$k" -lt "$1" ]; do IFS= read -r l; [ "$k" -gt 0 ] && v="$v',
  '$l" || v=$l; k=$((k+1)); done; }',
  // rd BYTES LINES FILE: one part of a request into $v, or into FILE (then v is empty).
  // bash's `read -N` takes an exact byte count in a few reads (LC_ALL=C: bytes, not chars);
  // dash reads small text by lines; anything else, or text with a NUL byte, by `head -c`.
  'rd() { v=; if [ "$2" = - ]; then head -c "$1" >"$3"; return; fi',
  '  if [ -n "$BASH_VERSION" ]; then [ "$1" -gt 0 ] && IFS= LC_ALL=C read -r -d "" -N "$1" v; IFS= read -r l',
  '  elif [ "$1" -le 1024 ]; then rl "$2"; return',
  '  else head -c "$1" >"$3"; IFS= read -r l; return; fi',
  // bash: a text beyond 64 KiB would not fit in the environment (128 KiB per string)
  '  [ "$3" = "$d/i" ] || [ "$1" -le 65536 ] || { printf %s "$v" >"$3"; v=; }; }',
  'while read -r m n b q z; do',
  '  [ -n "$m" ] || continue',
  '  rd "$b" "$n" "$d/c"; c=$v; t=1; [ -s "$d/c" ] && t=',
  '  rd "$z" "$q" "$d/i"; i=$d/i',
  '  if [ "$q" != - ]; then [ "$z" -gt 0 ] && [ -n "$v" ] && printf %s "$v" >"$i"; [ "$z" -gt 0 ] || i=/dev/null; fi',
  '  v=',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  '  ([ -z "$t" ] || { __flt_c=$c; export __flt_c; }; exec $S "$x" -c "$w" "${x##*/}" "$d" <"$i" 2>&4 4>&-)',
  '  s=$? r=- c=',
  '  if [ "$s" -gt 128 ] && [ -s "$d/r" ]; then read -r r <"$d/r"; : >"$d/r"; fi',
  '  : >"$d/g"; [ "$i" = /dev/null ] || : >"$i"; [ -n "$t" ] || : >"$d/c"',
  `  printf %s "$m" >&4; printf '%s %s %s\\n' "$m" "$s" "$r"`,
  'done',
];

/** The agent's script, with the sweep of dead agents' dirs or without it. */
export function agentScript(sweep: boolean): string {
  return AGENT_LINES.flatMap((line) => (line !== 'SWEEP' ? [line] : sweep ? SWEEP : [])).join('\n');
}

/**
 * The exec command that starts the agent. sshd runs it with the login shell (`$SHELL -c`):
 * bash runs the agent itself (one program less to start); any other shell execs /bin/sh
 * with it, so the agent is POSIX sh whatever the login shell. `sweep`: see SWEEP.
 */
export function agentCommand(sweep = true): string {
  const script = agentScript(sweep);
  return `[ -n "$BASH_VERSION" ] || exec /bin/sh -c '${script.replaceAll("'", `'"'"'`)}'\n${script}`;
}

function newlines(b: Buffer): number {
  let n = 0;
  for (let at = b.indexOf(10); at >= 0; at = b.indexOf(10, at + 1)) n++;
  return n;
}

/**
 * One part of a request (the command text or its stdin): text without a NUL byte is sent
 * with a newline after it and its line count (the agent reads it with builtins: bash's
 * `read -N`, or dash's `read` line by line when small), anything else as raw bytes (`-`
 * lines: `head -c`).
 */
function part(data: Buffer): { lines: string; body: Buffer } {
  if (data.includes(0)) return { lines: '-', body: data };
  const body = Buffer.concat([data, Buffer.from('\n')]);
  return { lines: String(newlines(body)), body };
}

export function encodeRequest(mark: string, command: string, stdin: string | Buffer | undefined): Buffer {
  const text = Buffer.from(command);
  const input =
    stdin === undefined ? Buffer.alloc(0) : typeof stdin === 'string' ? Buffer.from(stdin) : stdin;
  const t = part(text);
  const i = part(input);
  const header = `${mark} ${t.lines} ${text.length} ${i.lines} ${input.length}\n`;
  return Buffer.concat([Buffer.from(header), t.body, i.body]);
}

export interface AgentResultFrame {
  status: number;
  rc?: number;
  stdout: Buffer;
  stderr: Buffer;
}

const READY_LINE = new RegExp(`^${AGENT_READY} (\\d+) (/.+)$`);
const READY_ERR = Buffer.from(`${AGENT_READY}\n`);
const TRAILER = /^ (\d+) (-|\d+)$/;
/** A line before the ready line, or a trailer, longer than this is not the agent's. */
const MAX_LINE = 4096;
/** What is kept of the login shell's start-up stderr, for the error when the agent cannot start. */
const STARTUP_STDERR_MAX = 2000;

/** One of the channel's two streams: the current command's bytes, up to its mark. */
class MarkedStream {
  private chunks: Buffer[] = [];
  private size = 0;
  private tail = Buffer.alloc(0);

  /** Adds a chunk; once the mark is found, the output before it and the bytes after it. */
  push(chunk: Buffer, mark: Buffer): { body: Buffer; rest: Buffer } | undefined {
    // Only the new bytes and the few before them can hold a mark not seen yet.
    const window = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    const at = window.indexOf(mark);
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (at < 0) {
      const keep = Math.min(mark.length - 1, window.length);
      this.tail = Buffer.from(window.subarray(window.length - keep));
      return undefined;
    }
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    const start = this.size - window.length + at;
    const body = Buffer.from(all.subarray(0, start));
    const rest = all.subarray(start + mark.length);
    this.chunks = [];
    this.size = 0;
    this.tail = Buffer.alloc(0);
    return { body, rest };
  }
}

/**
 * Turns the agent's stdout and stderr, in chunks as they come, into the ready event and
 * one result per command. Before the ready lines, whatever the login shell's start-up files
 * printed is skipped. Bytes that belong to no command (a background process the command
 * left holding its output writes after the mark) make `strayed` true: the agent is then out
 * of step and must be dropped.
 */
export class AgentStreams {
  private outHead = Buffer.alloc(0);
  private errHead = Buffer.alloc(0);
  private outReady = false;
  private errReady = false;
  /** Start-up stderr (before the agent's ready line), for the error when it cannot start. */
  startupStderr = '';
  strayed = false;
  private mark?: Buffer;
  private readonly out = new MarkedStream();
  private readonly err = new MarkedStream();
  private stdout?: Buffer;
  private stderr?: Buffer;
  private trailer?: Buffer;
  private status?: { status: number; rc?: number };

  /** The next command's mark: its output starts now. */
  expect(mark: string): void {
    this.mark = Buffer.from(mark);
    this.stdout = undefined;
    this.stderr = undefined;
    this.trailer = undefined;
  }

  get waiting(): boolean {
    return this.mark !== undefined;
  }

  /** Stdout bytes: the ready line's pid and dir, once, and a command's result when it is whole. */
  feedStdout(chunk: Buffer): { ready?: { pid: number; dir: string }; result?: AgentResultFrame } {
    if (!this.outReady) {
      const data = Buffer.concat([this.outHead, chunk]);
      let at = 0;
      for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10, at)) {
        const m = READY_LINE.exec(data.subarray(at, nl).toString('latin1'));
        at = nl + 1;
        if (m) {
          this.outReady = true;
          this.outHead = Buffer.alloc(0);
          const rest = data.subarray(at);
          const more = rest.length > 0 ? this.feedStdout(rest) : {};
          return { ...more, ready: { pid: Number(m[1]), dir: m[2] } };
        }
      }
      this.outHead = Buffer.from(data.subarray(at).subarray(-MAX_LINE));
      return {};
    }
    if (!this.mark || this.status) return this.stray(chunk);
    if (this.trailer === undefined) {
      const found = this.out.push(chunk, this.mark);
      if (!found) return {};
      this.stdout = found.body;
      this.trailer = Buffer.alloc(0);
      chunk = found.rest;
    }
    this.trailer = Buffer.concat([this.trailer, chunk]);
    const nl = this.trailer.indexOf(10);
    if (nl < 0) {
      if (this.trailer.length > MAX_LINE) this.strayed = true;
      return {};
    }
    const m = TRAILER.exec(this.trailer.subarray(0, nl).toString('latin1'));
    if (!m) {
      this.strayed = true;
      return {};
    }
    if (nl + 1 < this.trailer.length) this.strayed = true;
    this.trailer = Buffer.alloc(0);
    this.status = { status: Number(m[1]), rc: m[2] === '-' ? undefined : Number(m[2]) };
    return this.complete();
  }

  /** Stderr bytes: a command's result when this completes it. */
  feedStderr(chunk: Buffer): { result?: AgentResultFrame } {
    if (!this.errReady) {
      const data = Buffer.concat([this.errHead, chunk]);
      const at = data.indexOf(READY_ERR);
      if (at < 0) {
        const keep = Math.min(READY_ERR.length - 1, data.length);
        if (this.startupStderr.length < STARTUP_STDERR_MAX)
          this.startupStderr += data.subarray(0, data.length - keep).toString('utf8');
        this.errHead = Buffer.from(data.subarray(data.length - keep));
        return {};
      }
      if (this.startupStderr.length < STARTUP_STDERR_MAX)
        this.startupStderr += data.subarray(0, at).toString('utf8');
      this.errReady = true;
      this.errHead = Buffer.alloc(0);
      const rest = data.subarray(at + READY_ERR.length);
      return rest.length > 0 ? this.feedStderr(rest) : {};
    }
    if (!this.mark || this.stderr !== undefined) return this.stray(chunk);
    const found = this.err.push(chunk, this.mark);
    if (!found) return {};
    this.stderr = found.body;
    if (found.rest.length > 0) this.strayed = true;
    return this.complete();
  }

  private complete(): { result?: AgentResultFrame } {
    if (this.stderr === undefined || this.status === undefined || this.stdout === undefined) return {};
    const { status, rc } = this.status;
    const output = { stdout: this.stdout, stderr: this.stderr };
    const result: AgentResultFrame = rc === undefined ? { status, ...output } : { status, rc, ...output };
    this.mark = undefined;
    this.status = undefined;
    this.stdout = undefined;
    this.stderr = undefined;
    this.trailer = undefined;
    return { result };
  }

  private stray(chunk: Buffer): Record<string, never> {
    if (chunk.length > 0) this.strayed = true;
    return {};
  }
}

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/** rc and signal as ExecResult has them (ssh: exit-status, or exit-signal with rc -1). */
export function exitOf(status: number, rc: number | undefined): { rc: number; signal?: string } {
  if (rc !== undefined) return { rc };
  if (status > 128 && status < 128 + 65)
    return { rc: -1, signal: SIGNAL_NAMES.get(status - 128) ?? 'unknown' };
  return { rc: status };
}

/**
 * Kills the command the agent in `dir` runs (its process group), from another session: its
 * shell writes its PID to `dir/g` as it starts, so a kill sent just before waits a moment.
 */
export function agentKillCommand(dir: string): string {
  const g = quote(`${dir}/g`);
  return (
    `for _ in 1 2 3 4 5 6 7 8 9 10; do p=$(cat ${g} 2>/dev/null); [ -n "$p" ] && break; sleep 0.1; done; ` +
    `[ -n "$p" ] && { ${killProcessGroupCommand('$p')}; }`
  );
}
