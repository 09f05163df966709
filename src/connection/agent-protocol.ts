/**
 * The wire format of the persistent channel's agent (see agent-channel.ts): the POSIX-sh
 * agent itself, the request frames the controller writes to its stdin and the parser of
 * the frames it writes back. Pure code, no I/O: unit-tested at this seam.
 *
 * Request (controller → agent), one at a time:
 *   `<id> <command lines> <stdin bytes> <stdin lines|->\n`, then the command text and a
 *   newline, then the stdin: a small text stdin (no NUL) as its lines and a newline, read by
 *   the shell's `read` builtin, any other as raw bytes read by `head -c`.
 * Replies (agent → controller):
 *   `flotilla-agent-ready <pid> <dir>\n` once, when the agent has made its private temp dir;
 *   `R <id> <status> <rc|-> <stdout bytes> <stderr bytes>\n` then stdout, then stderr.
 * `status` is what the agent's `wait` saw; `rc` is what the command's shell exited with, as
 * written by its EXIT trap (`-` when the trap did not run: the shell was killed by a signal,
 * or the command replaced or reset the trap). So a status above 128 without `rc` is the
 * signal `status - 128`, as ssh's exit-signal reports it. The command's shell leads its own
 * process group and writes its PID to `<dir>/g`, so a timeout or an interrupt kills the group
 * from another session (agentKillCommand, remote-pid.ts's kill).
 *
 * `read` takes a pipe byte by byte and `head -c` reads exactly the bytes asked (GNU and
 * busybox read no further), so stdin and output are binary-safe and nothing is read ahead.
 * Builtins read the command (processes are what a command costs on a busy host: the usual
 * command costs the agent one process, two or three more with stdin or output). The text
 * reaches the command's shell in its environment (readable by its owner only), never on a
 * command line (`ps`). Output goes to files in the agent's private temp dir, so stdout and
 * stderr stay apart; the files are emptied after each command and the dir goes with the agent.
 */
import { constants } from 'node:os';
import { killProcessGroupCommand } from './remote-pid.js';
import { quote } from './shell-quote.js';

export const AGENT_READY = 'flotilla-agent-ready';

/**
 * What runs each command, as the login shell (`sh -c` semantics, like sshd's `$SHELL -c`):
 * report the shell's PID on the agent's fd 3 and close it (nothing the command starts may
 * hold the agent's stdout), record the exit status in the temp dir on a normal exit (not on
 * a signal), then evaluate the command's text, taken out of the environment first. $1 is
 * the agent's temp dir, $2 the request id. Its variables are not withEnv's (__flt_e, __flt_l).
 */
const RUNNER =
  `echo "$$" >"$1/g"; __flt_r=$1/r; ` +
  `trap 'echo $? >"$__flt_r"' EXIT; ` +
  // bash runs the EXIT trap when a signal kills it too: so a signal drops that trap and
  // kills the shell again with itself, and the agent sees a death by signal.
  `for __flt_s in HUP INT QUIT PIPE TERM; do trap "trap - EXIT $__flt_s; kill -$__flt_s \\$\\$" $__flt_s; done; ` +
  `__flt_x=$__flt_c; unset __flt_c; set --; eval "$__flt_x"`;

/**
 * The agent. It reads requests until its stdin ends (the controller closed the channel),
 * runs each command under setsid (its own process group) through the login shell when that
 * is a POSIX one, and removes its temp dir on exit, including on HUP/INT/TERM/PIPE (sshd's
 * hang-up when the connection dies). The dir holds the agent's PID, so the dir of an agent
 * that was killed outright is removed by the next agent of that user.
 */
export const AGENT_SCRIPT = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  'd=$(mktemp -d "${TMPDIR:-/tmp}/.flotilla-agent.XXXXXXXX") || exit 97',
  `trap 'rm -rf "$d"' EXIT`,
  // An agent killed outright (SIGKILL) could not remove its dir: the next one does.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  'for o in "${TMPDIR:-/tmp}"/.flotilla-agent.*; do',
  '  [ -f "$o/pid" ] && read -r p <"$o/pid" && ! kill -0 "$p" 2>/dev/null && rm -rf "$o"',
  'done',
  'echo "$$" >"$d/pid"',
  `trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 141' PIPE; trap 'exit 143' TERM`,
  'S=; command -v setsid >/dev/null 2>&1 && S=setsid',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  'x=/bin/sh; case ${SHELL##*/} in sh|bash|dash|ksh|mksh|zsh|ash) x=$SHELL ;; esac',
  `w='${RUNNER.replaceAll("'", `'"'"'`)}'`,
  `printf '${AGENT_READY} %s %s\\n' "$$" "$d"`,
  // rl N: the next N lines, joined by newlines, into $v
  'rl() { v=; k=0; while [ "$k" -lt "$1" ]; do IFS= read -r l; [ "$k" -gt 0 ] && v="$v',
  '$l" || v=$l; k=$((k+1)); done; }',
  'while read -r i n m q; do',
  '  rl "$n"; c=$v',
  '  if [ "$q" != - ]; then rl "$q"; printf %s "$v" >"$d/i"',
  '  elif [ "$m" -gt 0 ]; then head -c "$m" >"$d/i"; else : >"$d/i"; fi',
  '  v=; : >"$d/r"; : >"$d/g"',
  // In a subshell that execs: dash reports a job killed by a signal ("Killed") on the fd 2
  // it has while waiting, which must be the agent's, not the command's stderr file.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  '  (__flt_c=$c; export __flt_c; exec $S "$x" -c "$w" "${x##*/}" "$d" <"$d/i" >"$d/o" 2>"$d/e")',
  '  s=$?; r=-; c=; : >"$d/i"; : >"$d/g"',
  '  [ -s "$d/r" ] && read -r r <"$d/r"; : >"$d/r"',
  '  if [ -s "$d/o" ] || [ -s "$d/e" ]; then',
  '    set -- $(cd "$d" && wc -c o e)',
  `    printf 'R %s %s %s %s %s\\n' "$i" "$s" "$r" "$1" "$3" >"$d/h"`,
  // One write for the whole reply (cat h o e would write thrice): sshd's socket has Nagle
  // on for a session without a tty, so a second small write waited for the controller's
  // delayed ACK, up to 40 ms per command.
  '    cat "$d/h" "$d/o" "$d/e" >"$d/f"; cat "$d/f"; : >"$d/o"; : >"$d/e"; : >"$d/f"; : >"$d/h"',
  `  else printf 'R %s %s %s 0 0\\n' "$i" "$s" "$r"; fi`,
  'done',
].join('\n');

/** The exec command that starts the agent (whatever the login shell, the agent is POSIX sh). */
export function agentCommand(): string {
  return `exec /bin/sh -c '${AGENT_SCRIPT.replaceAll("'", `'"'"'`)}'`;
}

/** A text stdin up to this size is sent as lines (read by builtins, no process on the host). */
const LINE_STDIN_MAX = 16 * 1024;

function newlines(b: Buffer): number {
  let n = 0;
  for (let at = b.indexOf(10); at >= 0; at = b.indexOf(10, at + 1)) n++;
  return n;
}

export function encodeRequest(id: number, command: string, stdin: string | Buffer | undefined): Buffer {
  const text = Buffer.from(`${command}\n`);
  const input =
    stdin === undefined ? Buffer.alloc(0) : typeof stdin === 'string' ? Buffer.from(stdin) : stdin;
  const asLines = input.length > 0 && input.length <= LINE_STDIN_MAX && !input.includes(0);
  const body = asLines ? Buffer.concat([input, Buffer.from('\n')]) : input;
  const header = `${id} ${newlines(text)} ${input.length} ${asLines ? newlines(body) : '-'}\n`;
  return Buffer.concat([Buffer.from(header), text, body]);
}

export type AgentFrame =
  | { type: 'ready'; pid: number; dir: string }
  | { type: 'result'; id: number; status: number; rc?: number; stdout: Buffer; stderr: Buffer };

export class AgentProtocolError extends Error {}

const READY_LINE = new RegExp(`^${AGENT_READY} (\\d+) (/.+)$`);
const RESULT_LINE = /^R (\d+) (\d+) (-|-?\d+) (\d+) (\d+)$/;
/** A header line longer than this is not the agent's. */
const MAX_LINE = 4096;

/**
 * Turns the agent's stdout, in chunks as they come, into frames. Before the ready line,
 * whatever the login shell's start-up files printed is skipped.
 */
export class AgentReplyParser {
  private buffered: Buffer[] = [];
  private size = 0;
  private ready = false;
  private body?: { id: number; status: number; rc?: number; out: number; err: number };

  feed(chunk: Buffer): AgentFrame[] {
    this.buffered.push(chunk);
    this.size += chunk.length;
    // A large output arrives in many chunks: joined once, when the whole body is here.
    if (this.body && this.size < this.body.out + this.body.err) return [];
    const frames: AgentFrame[] = [];
    let data = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered);
    let at = 0;
    for (;;) {
      if (this.body) {
        const need = this.body.out + this.body.err;
        if (data.length - at < need) break;
        const { id, status, rc, out } = this.body;
        frames.push({
          type: 'result',
          id,
          status,
          ...(rc === undefined ? {} : { rc }),
          stdout: Buffer.from(data.subarray(at, at + out)),
          stderr: Buffer.from(data.subarray(at + out, at + need)),
        });
        at += need;
        this.body = undefined;
        continue;
      }
      const nl = data.indexOf(10, at);
      if (nl < 0) {
        if (this.ready && data.length - at > MAX_LINE) throw new AgentProtocolError('agent header too long');
        break;
      }
      const line = data.subarray(at, nl).toString('latin1');
      at = nl + 1;
      if (!this.ready) {
        const m = READY_LINE.exec(line);
        if (m) {
          this.ready = true;
          frames.push({ type: 'ready', pid: Number(m[1]), dir: m[2] });
        }
        continue;
      }
      const r = RESULT_LINE.exec(line);
      if (!r) throw new AgentProtocolError(`unexpected agent output: ${JSON.stringify(line.slice(0, 80))}`);
      this.body = {
        id: Number(r[1]),
        status: Number(r[2]),
        rc: r[3] === '-' ? undefined : Number(r[3]),
        out: Number(r[4]),
        err: Number(r[5]),
      };
    }
    data = data.subarray(at);
    this.buffered = data.length > 0 ? [data] : [];
    this.size = data.length;
    return frames;
  }

  /** Bytes received but not yet part of a frame. */
  get pending(): number {
    return this.size;
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
