/**
 * Handler notification as Ansible 2.14 resolves it: the last handler of that name known
 * when the notification is sent, `role : name`, every listener, each run once per flush.
 */
import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../../../src/plan/task-spec.js';
import { HandlerRegistry, handlerNames } from '../../../src/strategy/handler-registry.js';

function handler(id: string, name: string, extra: Partial<TaskSpec> = {}, role?: string): TaskSpec {
  return {
    id,
    name: role ? `${role} : ${name}` : name,
    action: 'debug',
    args: {},
    keywords: role ? { vars: { role_name: role } } : {},
    tags: [],
    handler: true,
    order: 0,
    ...extra,
  };
}

describe('HandlerRegistry', () => {
  it('a role handler answers to its name and to "role : name"', () => {
    expect(handlerNames(handler('h', 'restart', {}, 'web'))).toEqual(['restart', 'web : restart']);
    expect(handlerNames(handler('h', 'restart'))).toEqual(['restart']);
  });

  it('a name reaches the last handler so named, a topic every listener', () => {
    const a = handler('a', 'restart');
    const b = handler('b', 'restart', {}, 'web');
    const l1 = handler('l1', 'one', { keywords: { listen: ['topic'] } });
    const l2 = handler('l2', 'two', { keywords: { listen: ['topic'] } });
    const reg = new HandlerRegistry([a, l1, b, l2]);
    expect(reg.resolve('restart')).toEqual([b]);
    expect(reg.resolve('web : restart')).toEqual([b]);
    expect(reg.resolve('topic')).toEqual([l1, l2]);
    expect(reg.resolve('nothing')).toEqual([]);
  });

  it('an unnamed handler is reached by listen only', () => {
    const h = handler('u', 'debug', { unnamed: true, keywords: { listen: ['t'] } });
    const reg = new HandlerRegistry([h]);
    expect(reg.resolve('debug')).toEqual([]);
    expect(reg.resolve('t')).toEqual([h]);
  });

  it('resolves a notification when it is sent: handlers added later do not take it over', () => {
    const first = handler('first', 'restart', {}, 'inner');
    const later = handler('later', 'restart', {}, 'inner');
    const reg = new HandlerRegistry([first]);
    reg.notify('h1', ['restart']);
    reg.add([later], 'include-2');
    reg.notify('h2', ['restart']);
    expect(reg.take('h1', first)).toBe(true);
    expect(reg.take('h1', later)).toBe(false);
    expect(reg.take('h2', later)).toBe(true);
  });

  it("runs a handler listed twice once, and adds an include's handlers once for all its hosts", () => {
    const h = handler('h', 'restart');
    const reg = new HandlerRegistry([h]);
    reg.add([h], 'inc');
    reg.add([h], 'inc');
    expect(reg.all()).toEqual([h, h]);
    reg.notify('host', ['restart', 'restart']);
    expect(reg.take('host', h)).toBe(true);
    expect(reg.take('host', h)).toBe(false);
  });
});

describe('HandlerRegistry.notify', () => {
  it('returns the handlers newly notified for the host', () => {
    const h = handler('h', 'restart');
    const l = handler('l', 'other', { keywords: { listen: ['restart'] } });
    const reg = new HandlerRegistry([h, l]);
    expect(reg.notify('a', ['restart'])).toEqual([h, l]);
    expect(reg.notify('a', ['restart'])).toEqual([]);
    expect(reg.notify('b', ['restart'])).toEqual([h, l]);
  });
});
