/** Which become password a task uses: Ansible's precedence for the become plugins' become_pass. */
import { describe, expect, it } from 'vitest';
import { becomePassword } from '../../../src/executor/become-password.js';

const render = (v: unknown) => (typeof v === 'string' ? v.replace('{{ pw }}', 'templated') : v);

describe('becomePassword', () => {
  it('the command line (-K) beats the variables', () => {
    expect(becomePassword('sudo', { ansible_become_password: 'var' }, render, 'cli', {})).toBe('cli');
  });

  it('of several variables the last of Ansible’s list wins, method by method', () => {
    const vars = {
      ansible_become_password: 'a',
      ansible_become_pass: 'b',
      ansible_sudo_pass: 'c',
      ansible_su_pass: 'd',
    };
    expect(becomePassword('sudo', vars, render, undefined, {})).toBe('c');
    expect(becomePassword('su', vars, render, undefined, {})).toBe('d');
    expect(
      becomePassword('sudo', { ansible_become_password: 'a', ansible_su_pass: 'd' }, render, undefined, {}),
    ).toBe('a');
  });

  it('renders the value, and an empty one is no password', () => {
    expect(becomePassword('sudo', { ansible_become_pass: '{{ pw }}' }, render, undefined, {})).toBe(
      'templated',
    );
    expect(becomePassword('sudo', { ansible_become_pass: '' }, render, undefined, {})).toBeUndefined();
    expect(becomePassword('sudo', {}, render, undefined, {})).toBeUndefined();
  });

  it('falls back to ANSIBLE_BECOME_PASS / ANSIBLE_<METHOD>_PASS below the variables', () => {
    expect(
      becomePassword('su', {}, render, undefined, { ANSIBLE_BECOME_PASS: 'e', ANSIBLE_SU_PASS: 'f' }),
    ).toBe('f');
    expect(
      becomePassword('sudo', { ansible_become_pass: 'v' }, render, undefined, { ANSIBLE_BECOME_PASS: 'e' }),
    ).toBe('v');
  });
});
