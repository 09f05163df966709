/**
 * The wire format of the persistent channel's agent (see agent-channel.ts): the POSIX-sh
 * agent itself, the request frames the controller writes to its stdin and the parser of
 * the frames it writes back. Pure code, no I/O: unit-tested at this seam.
 *
 * Request (controller → agent), one at a time:
 *   `<id> <command bytes> <stdin bytes>\n` then the command text, then the stdin bytes.
 * Replies (agent → controller):
 *   `flotilla-agent-ready <pid>\n` once, when the agent has made its private temp dir;
 *   `P <id> <pid>\n` when the command's shell started (the leader of its own process group,
 *     so a timeout or an interrupt kills the group: remote-pid.ts's kill command);
 *   `R <id> <status> <rc|-> <stdout bytes> <stderr bytes>\n` then stdout, then stderr.
 * `status` is what the agent's `wait` saw; `rc` is what the command's shell exited with, as
 * written by its EXIT trap (`-` when the trap did not run: the shell was killed by a signal,
 * or the command replaced or reset the trap). So a status above 128 without `rc` is the
 * signal `status - 128`, as ssh's exit-signal reports it.
 *
 * Lengths are byte counts and `head -c` reads exactly that many bytes from the pipe (GNU and
 * busybox read no further than asked), so stdin and output are binary-safe. A command's
 * text is in a file of the agent's temp dir, never on a command line (`ps`), and its output
 * goes to files there too, so stdout and stderr stay apart; the dir goes when the agent ends.
 */
import { constants } from 'node:os';

export const AGENT_READY = 'flotilla-agent-ready';

/**
 * What runs each command, as the login shell (`sh -c` semantics, like sshd's `$SHELL -c`):
 * report the shell's PID on the agent's fd 3 and close it (nothing the command starts may
 * hold the agent's stdout), record the exit status in the temp dir on a normal exit (not on
 * a signal), then evaluate the
 * command's text read from its file (so the text is never on a command line). $1 is the
 * agent's temp dir, $2 the request id.
 */
const RUNNER =
  `printf 'P %s %s\\n' "$2" "$$" >&3; exec 3>&-; __flt_r=$1/r; ` +
  `trap 'echo $? >"$__flt_r"' EXIT; ` +
  // bash runs the EXIT trap when a signal kills it too: so a signal drops that trap and
  // kills the shell again with itself, and the agent sees a death by signal.
  `for __flt_s in HUP INT QUIT PIPE TERM; do trap "trap - EXIT $__flt_s; kill -$__flt_s \\$\\$" $__flt_s; done; ` +
  `__flt_c=$(cat "$1/c"); set --; eval "$__flt_c"`;

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
  `printf '${AGENT_READY} %s\\n' "$$"`,
  'while read -r i n m; do',
  '  if [ "$n" -gt 0 ]; then head -c "$n" >"$d/c"; else : >"$d/c"; fi',
  '  if [ "$m" -gt 0 ]; then head -c "$m" >"$d/i"; else : >"$d/i"; fi',
  '  rm -f "$d/r"',
  // In a subshell that execs: dash reports a job killed by a signal ("Killed") on the fd 2
  // it has while waiting, which must be the agent's, not the command's stderr file.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  '  (exec $S "$x" -c "$w" "${x##*/}" "$d" "$i" 3>&1 <"$d/i" >"$d/o" 2>"$d/e")',
  '  s=$?; r=-',
  '  [ -s "$d/r" ] && read -r r <"$d/r"',
  `  printf 'R %s %s %s %s %s\\n' "$i" "$s" "$r" $(wc -c <"$d/o") $(wc -c <"$d/e")`,
  '  cat "$d/o" "$d/e"',
  '  rm -f "$d/c" "$d/i" "$d/o" "$d/e" "$d/r"',
  'done',
].join('\n');

/** The exec command that starts the agent (whatever the login shell, the agent is POSIX sh). */
export function agentCommand(): string {
  return `exec /bin/sh -c '${AGENT_SCRIPT.replaceAll("'", `'"'"'`)}'`;
}

export function encodeRequest(id: number, command: string, stdin: string | Buffer | undefined): Buffer {
  const script = Buffer.from(command);
  const input =
    stdin === undefined ? Buffer.alloc(0) : typeof stdin === 'string' ? Buffer.from(stdin) : stdin;
  return Buffer.concat([Buffer.from(`${id} ${script.length} ${input.length}\n`), script, input]);
}

export type AgentFrame =
  | { type: 'ready'; pid: number }
  | { type: 'pid'; id: number; pid: number }
  | { type: 'result'; id: number; status: number; rc?: number; stdout: Buffer; stderr: Buffer };

export class AgentProtocolError extends Error {}

const PID_LINE = /^P (\d+) (\d+)$/;
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
        const m = line.startsWith(`${AGENT_READY} `) ? Number(line.slice(AGENT_READY.length + 1)) : NaN;
        if (Number.isInteger(m) && m > 0) {
          this.ready = true;
          frames.push({ type: 'ready', pid: m });
        }
        continue;
      }
      const p = PID_LINE.exec(line);
      if (p) {
        frames.push({ type: 'pid', id: Number(p[1]), pid: Number(p[2]) });
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
