/**
 * vars_prompt as ansible-playbook runs it (PlaybookExecutor.run, Display.do_var_prompt): for
 * each prompt whose variable no -e gives, on a terminal, ask (`private`, the default, hides
 * what is typed), twice with `confirm` until both agree; an empty answer takes `default`;
 * `encrypt` hashes the answer; `unsafe` keeps it from being templated. Without a terminal,
 * warn and keep the default (the text "None" when there is none, set at load). The prompt's
 * fields are templated with the play's and the extra vars first.
 *
 * One difference: every play's prompts are asked before the first play runs (the workers
 * get the plays' vars when they start), where Ansible asks as each play starts.
 */
import { createInterface } from 'node:readline';
import type { Playbook } from '../playbook/model.js';
import { boolean } from '../python/boolean.js';
import { pyStr } from '../python/repr.js';
import { markUnsafeSlot, mergeMarked } from '../python/unsafe.js';
import { Templar } from '../template/index.js';
import { readHiddenLine } from '../vault/secret-prompt.js';

export interface PromptTerminal {
  isTTY: boolean;
  /** One line typed on the terminal, echoed or not. */
  ask(question: string, hidden: boolean): Promise<string>;
  /** A line on stdout (the confirm mismatch). */
  say(line: string): void;
}

/** The process's terminal: getpass for private answers, input() for the others. */
export const processTerminal: PromptTerminal = {
  isTTY: Boolean(process.stdin.isTTY),
  ask: (question, hidden) => (hidden ? readHiddenLine(question) : readVisibleLine(question)),
  say: (line) => process.stdout.write(`${line}\n`),
};

/** Python's input(): the question on stdout, the line echoed by the terminal itself. */
async function readVisibleLine(question: string): Promise<string> {
  process.stdout.write(question);
  const rl = createInterface({ input: process.stdin, terminal: false });
  const answer = await new Promise<string>((resolve) => {
    rl.once('line', resolve);
    rl.once('close', () => resolve(''));
  });
  rl.close();
  return answer;
}

const NOT_INTERACTIVE = 'Not prompting as we are not in interactive mode';

export async function promptPlayVars(
  playbooks: Playbook[],
  extraVars: Record<string, unknown>,
  terminal: PromptTerminal,
  warn: (message: string) => void,
): Promise<void> {
  const templar = new Templar();
  for (const play of playbooks.flatMap((p) => p.plays)) {
    const prompts = play.keywords.vars_prompt;
    if (!Array.isArray(prompts)) continue;
    for (const raw of prompts as Record<string, unknown>[]) {
      const name = raw?.name;
      if (typeof name !== 'string' || name in extraVars) continue;
      if (!terminal.isTTY) {
        warn(NOT_INTERACTIVE);
        continue;
      }
      const p = templar.renderValue(raw, mergeMarked(play.vars, extraVars)) as Record<string, unknown>;
      play.vars[name] = await ask(p, name, terminal, templar);
      if (p.unsafe !== undefined && p.unsafe !== null && boolean(p.unsafe, false))
        markUnsafeSlot(play.vars, name);
    }
  }
}

async function ask(
  p: Record<string, unknown>,
  name: string,
  terminal: PromptTerminal,
  templar: Templar,
): Promise<string> {
  const prompt = p.prompt === undefined || p.prompt === null ? name : pyStr(p.prompt);
  const dflt = p.default ?? null;
  const hidden = boolean(p.private ?? true, false);
  const question =
    prompt && dflt !== null ? `${prompt} [${pyStr(dflt)}]: ` : prompt ? `${prompt}: ` : `input for ${name}: `;
  let answer: string;
  for (;;) {
    answer = await terminal.ask(question, hidden);
    if (!boolean(p.confirm ?? false, false)) break;
    if (answer === (await terminal.ask(`confirm ${question}`, hidden))) break;
    terminal.say('***** VALUES ENTERED DO NOT MATCH ****');
  }
  const value = answer === '' && dflt !== null ? pyStr(dflt) : answer;
  if (p.encrypt === undefined || p.encrypt === null) return value;
  // Display.do_var_prompt's do_encrypt, as the password_hash filter does it.
  return templar.renderString('{{ __v | password_hash(__e, __salt, __size) }}', {
    __v: value,
    __e: p.encrypt,
    __salt: p.salt ?? null,
    __size: p.salt_size ?? 16,
  });
}
