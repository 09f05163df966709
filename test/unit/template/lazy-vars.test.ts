import { describe, expect, it } from 'vitest';
import { rendersOnRead, Templar } from '../../../src/template/index.js';
import { errorOf } from './helpers.js';

const templar = new Templar();

describe('lazy variables', () => {
  it('renders variables that hold templates, recursively, on access', () => {
    const vars = {
      host: 'example.com',
      port: 80,
      url: 'http://{{ host }}:{{ port }}',
      page: '{{ url }}/index',
      cfg: { u: '{{ page }}', n: '{{ port + 1 }}' },
    };
    expect(templar.render('{{ page }}', vars)).toBe('http://example.com:80/index');
    // A nested `{{ port + 1 }}` is text, as Ansible's Templar makes it ('81', not 81).
    expect(templar.render('{{ cfg }}', vars)).toEqual({ u: 'http://example.com:80/index', n: '81' });
    expect(templar.render('{{ cfg.n | int * 2 }}', vars)).toBe('162');
    expect(templar.evaluate('cfg.n | int * 2', vars)).toBe(162);
  });

  it('only renders variables the template references', () => {
    const vars = { good: 'ok', broken: '{{ missing }}' };
    expect(templar.render('{{ good }}', vars)).toBe('ok');
    expect(errorOf(() => templar.render('{{ broken }}', vars)).code).toBe('FLT_TEMPLATE_UNDEFINED');
  });

  it('detects cycles', () => {
    const err = errorOf(() => templar.render('{{ a }}', { a: '{{ b }}', b: '{{ a }}' }));
    expect(err.code).toBe('FLT_TEMPLATE_RECURSION');
    expect(err.message).toContain('recursive loop detected in template string');
    expect(errorOf(() => templar.render('{{ x }}', { x: '{{ x }}' })).code).toBe('FLT_TEMPLATE_RECURSION');
  });

  it('reads vars through plain property access, so a Proxy works (hostvars)', () => {
    const seen: string[] = [];
    const hostvars = new Proxy(
      {},
      {
        get: (_t, host) => {
          seen.push(String(host));
          return { ansible_host: `10.0.0.${String(host).slice(-1)}` };
        },
        has: () => true,
      },
    );
    expect(templar.render("{{ hostvars['web2'].ansible_host }}", { hostvars })).toBe('10.0.0.2');
    expect(templar.render('{{ hostvars[h].ansible_host }}', { hostvars, h: 'db7' })).toBe('10.0.0.7');
    expect(seen).toEqual(['web2', 'db7']);
  });

  it('a Proxy of the whole vars object is only asked for referenced names', () => {
    const asked = new Set<string>();
    const raw: Record<string, unknown> = { a: 1, b: '{{ a }}', c: 3 };
    const vars = new Proxy(raw, {
      get: (t, k) => {
        asked.add(String(k));
        return t[String(k)];
      },
    });
    expect(templar.render('{{ b }}', vars)).toBe(1);
    expect([...asked].sort()).toEqual(['a', 'b']);
  });

  it('loop and set variables shadow vars', () => {
    expect(templar.render('{% for x in [1,2] %}{{ x }}{% endfor %}{{ x }}', { x: 'v' })).toBe('12v');
    expect(templar.render('{% set x = 9 %}{{ x }}', { x: 'v' })).toBe('9');
  });
});

describe('views that render their own values (hostvars)', () => {
  it('are never rendered by the template that reads them, and come out of it as plain data', () => {
    // A value the view left as written (its template met an undefined variable).
    const view = rendersOnRead({ kept: '{{ nowhere }}-x', n: 1 });
    const vars = { hv: rendersOnRead({ h1: view }), nowhere: 'HERE' };
    expect(templar.render('{{ hv.h1.kept }}', vars)).toBe('{{ nowhere }}-x');
    const whole = templar.render('{{ hv.h1 }}', vars) as Record<string, unknown>;
    expect(whole).toEqual({ kept: '{{ nowhere }}-x', n: 1 });
    // Stored (set_fact) and used again, the copy is a dict like any other: templated on use.
    expect(templar.render('{{ stored.kept }}', { stored: whole, nowhere: 'HERE' })).toBe('HERE-x');
    const list = templar.render('{{ [hv.h1] }}', vars) as unknown[];
    expect(templar.render('{{ stored[0].kept }}', { stored: list, nowhere: 'HERE' })).toBe('HERE-x');
  });
});
