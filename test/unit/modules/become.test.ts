/** The become command line as Ansible 2.14's sudo and su plugins build it. */
import { describe, expect, it } from 'vitest';
import { becomeCommand } from '../../../src/modules/util/become.js';

describe('becomeCommand', () => {
  it('keeps sudo -n and sets no prompt without a password', () => {
    const { command, escalation } = becomeCommand('id -un', { user: 'root', method: 'sudo' });
    expect(command).toMatch(/^sudo -H -S -n -u root \/bin\/sh -c 'echo BECOME-SUCCESS-[a-z]{32}; id -un'$/);
    expect(escalation.prompts).toBe(false);
    expect(escalation.password).toBeUndefined();
  });

  it('with a password: drops -n, prompts with a random key, and keeps the password out of the command', () => {
    const a = becomeCommand('id', { user: 'root', method: 'sudo', password: 'hunter2' });
    const b = becomeCommand('id', { user: 'root', method: 'sudo', password: 'hunter2' });
    const key = /-p "\[sudo via ansible, key=([a-z]{32})\] password:"/.exec(a.command)?.[1];
    expect(a.command).toMatch(/^sudo -H -S -p "\[sudo via ansible, key=[a-z]{32}\] password:" -u root /);
    expect(a.escalation.success).toBe(`BECOME-SUCCESS-${key}`);
    expect(a.command).not.toContain('hunter2');
    expect(a.escalation.isPrompt(`[sudo via ansible, key=${key}] password:`)).toBe(true);
    expect(a.escalation.isPrompt('[sudo] password for bob:')).toBe(false);
    expect(b.escalation.success).not.toBe(a.escalation.success);
  });

  it("takes n out of sudo's become_flags as sudo.py does", () => {
    const flags = (f: string) =>
      becomeCommand('x', { user: 'root', method: 'sudo', flags: f, password: 'p' }).command.split(' -p ')[0];
    expect(flags('-Hn -S')).toBe('sudo -H -S');
    expect(flags('--non-interactive -E')).toBe('sudo -E');
    expect(flags('-n')).toBe('sudo ');
  });

  it("recognises su's prompt in Ansible's languages and with a user name", () => {
    const { command, escalation } = becomeCommand('id', { user: 'bob', method: 'su', password: 'p' });
    expect(command).toMatch(/^su bob -c 'echo BECOME-SUCCESS-[a-z]{32}; id'$/);
    for (const prompt of ['Password: ', "bob's Password:", 'Passwort: ', 'Mot de passe : ', 'パスワード：'])
      expect(escalation.isPrompt(prompt), prompt).toBe(true);
    expect(escalation.isPrompt('Your password has expired')).toBe(false);
    expect(escalation.incorrect).toEqual(['Authentication failure']);
  });
});
