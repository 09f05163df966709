/**
 * The become password of one task, with Ansible 2.14's precedence for the become plugin's
 * `become_pass` option: the command line (-K, --become-password-file) first, then the
 * variables (the last of ansible_become_password, ansible_become_pass, ansible_<method>_pass
 * that is set wins, as config/manager.py's _loop_entries reads them), then the environment.
 * An empty password is no password (sudo keeps -n).
 */
import { becomeFields, fieldVariable } from '../connection/play-context-vars.js';
import type { Render } from './loop-items.js';

const ENV = {
  sudo: ['ANSIBLE_BECOME_PASS', 'ANSIBLE_SUDO_PASS'],
  su: ['ANSIBLE_BECOME_PASS', 'ANSIBLE_SU_PASS'],
} as const;

export function becomePassword(
  method: 'sudo' | 'su',
  vars: Record<string, unknown>,
  render: Render,
  cliPassword: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (cliPassword) return cliPassword;
  const name = fieldVariable(becomeFields(method).become_pass, vars);
  let value: unknown = name === undefined ? undefined : vars[name];
  if (value === undefined) for (const n of ENV[method]) if (env[n] !== undefined) value = env[n];
  if (value === undefined) return undefined;
  const text = String(render(value));
  return text === '' ? undefined : text;
}
