/**
 * Asks for a secret the way Python's getpass does: the question goes to stderr and, on a
 * terminal, what is typed is not echoed; without a terminal one line is read from stdin.
 * Also what vault and become password files share: an executable one gives its output.
 */
import { accessSync, constants } from 'node:fs';
import { createInterface } from 'node:readline';

/** True when `file` may be run: a password file that is a script gives its output (Ansible). */
export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Reads one line on the terminal without echoing it. */
export async function readHiddenLine(question: string): Promise<string> {
  // readline puts the terminal in raw mode (no echo by the tty) as it is created: ask only
  // then, or an answer typed at once is echoed by the terminal before raw mode is on.
  const rl = createInterface({ input: process.stdin, terminal: true });
  // Mute the echo of what is typed (readline writes it to its output).
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  process.stderr.write(question);
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

/** The first line of a non-terminal stdin (getpass's fallback); undefined at EOF. */
async function readPipedLine(question: string): Promise<string | undefined> {
  process.stderr.write(question);
  const rl = createInterface({ input: process.stdin, terminal: false });
  const line = await new Promise<string | undefined>((resolve) => {
    rl.once('line', resolve);
    rl.once('close', () => resolve(undefined));
  });
  rl.close();
  process.stderr.write('\n');
  return line;
}

/** A secret from the terminal, or from a piped stdin; undefined when stdin is at its end. */
export async function readSecret(question: string): Promise<string | undefined> {
  return process.stdin.isTTY ? readHiddenLine(question) : readPipedLine(question);
}
