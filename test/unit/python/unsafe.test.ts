/**
 * Unsafe data (src/python/unsafe.ts): host results, facts, lookup results and `!unsafe`
 * YAML are never templated, and what a template makes from them stays unsafe, as
 * Ansible's AnsibleUnsafe does. A probe global records every call a template makes, so a
 * test sees whether text was executed rather than merely what it printed.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeUnsafe,
  encodeUnsafe,
  isUnsafeAt,
  isUnsafeTree,
  markUnsafe,
  markUnsafeSlot,
  mergeMarked,
} from '../../../src/python/unsafe.js';
import { Templar } from '../../../src/template/index.js';
import { parseAnsibleYaml } from '../../../src/yaml/pyyaml.js';
import { errorOf } from '../template/helpers.js';

const templar = new Templar();
const PAYLOAD = "{{ 'EXECUTED' }}";

/** A registered result whose output holds a template, as a hostile host would send it. */
function hostResult(): Record<string, unknown> {
  return markUnsafe({ rc: 0, stdout: PAYLOAD, stdout_lines: [PAYLOAD], nested: { deep: PAYLOAD } });
}

describe('unsafe values are never templated', () => {
  it('prints a registered result literally, however it is reached', () => {
    const vars = { r: hostResult() };
    expect(templar.render('{{ r.stdout }}', vars)).toBe(PAYLOAD);
    expect(templar.render('{{ r }}', vars)).toEqual({
      rc: 0,
      stdout: PAYLOAD,
      stdout_lines: [PAYLOAD],
      nested: { deep: PAYLOAD },
    });
    expect(templar.render('{{ r.nested.deep }} and {{ r.stdout_lines[0] }}', vars)).toBe(
      `${PAYLOAD} and ${PAYLOAD}`,
    );
    // The reported bug: a condition reading the result rendered its output.
    expect(templar.evaluateConditional('r.rc == 0', vars)).toBe(true);
    expect(templar.evaluateConditional(`r.stdout | length == ${PAYLOAD.length}`, vars)).toBe(true);
  });

  it('keeps a controller variable holding a template lazy (Ansible templates it on use)', () => {
    expect(templar.render('{{ plain }}', { plain: "{{ 'rendered' }}" })).toBe('rendered');
  });

  it('does not template a marked slot (set_fact of host output, !unsafe, loop item)', () => {
    const vars: Record<string, unknown> = { copied: PAYLOAD, item: PAYLOAD, ok: "{{ 'yes' }}" };
    markUnsafeSlot(vars, 'copied');
    markUnsafeSlot(vars, 'item');
    expect(templar.render('{{ copied }}|{{ item }}|{{ ok }}', vars)).toBe(`${PAYLOAD}|${PAYLOAD}|yes`);
  });

  it('marks what a template made from unsafe data, as set_fact stores it', () => {
    const vars = { r: hostResult(), safe: 'x' };
    const facts = templar.renderValue(
      {
        copied: '{{ r.stdout }}',
        nested: { a: '{{ r.stdout | upper }}', b: '{{ safe }}' },
        lines: '{{ r.stdout_lines }}',
      },
      vars,
    ) as Record<string, any>;
    expect(isUnsafeAt(facts, 'copied')).toBe(true);
    expect(isUnsafeAt(facts.nested, 'a')).toBe(true);
    expect(isUnsafeAt(facts.nested, 'b')).toBe(false);
    expect(isUnsafeTree(facts.lines)).toBe(true);
    // Read back later (the next task), the copies are still text.
    // (upper leaves the payload as it is: it is upper case already.)
    expect(templar.render('{{ copied }} {{ nested.a }} {{ lines[0] }}', facts)).toBe(
      `${PAYLOAD} ${PAYLOAD} ${PAYLOAD}`,
    );
  });

  it('keeps slots unsafe whatever order a dict renders them in (a variable read twice)', () => {
    const vars = { r: hostResult() };
    for (const args of [
      { c: '{{ r.stdout }}', x: { a: '{{ r.stdout }}' } },
      { x: { a: '{{ r.stdout }}' }, c: '{{ r.stdout }}' },
    ]) {
      const out = templar.renderValue(args, vars) as Record<string, any>;
      expect(isUnsafeAt(out, 'c')).toBe(true);
      expect(isUnsafeAt(out.x, 'a')).toBe(true);
    }
  });

  it('a lazily rendered variable that read unsafe data is unsafe too', () => {
    const vars = { r: hostResult(), alias: '{{ r.stdout }}' };
    const out = templar.renderValue({ y: '{{ alias }}', z: '{{ alias }}' }, vars) as Record<string, unknown>;
    expect(out).toEqual({ y: PAYLOAD, z: PAYLOAD });
    expect(isUnsafeAt(out, 'y') && isUnsafeAt(out, 'z')).toBe(true);
  });

  it('does not copy a safe list a tainted template returned: the copy is marked, the variable not', () => {
    const mylist = ["{{ 'lazy' }}"];
    const vars = { r: hostResult(), mylist };
    const out = templar.render('{{ mylist if r.rc == 0 else [] }}', vars);
    expect(isUnsafeTree(out)).toBe(true);
    expect(isUnsafeTree(mylist)).toBe(false);
    expect(templar.render('{{ mylist }}', { mylist })).toEqual(['lazy']);
  });

  it('treats lookup results as unsafe unless allow_unsafe=True', () => {
    const vars = {};
    const taint = { unsafe: false };
    templar.render("{{ lookup('env', 'HOME') }}", vars, { taint });
    expect(taint.unsafe).toBe(true);
    const allowed = { unsafe: false };
    templar.render("{{ lookup('env', 'HOME', allow_unsafe=True) }}", vars, { taint: allowed });
    expect(allowed.unsafe).toBe(false);
  });

  it('refuses to evaluate a conditional made from unsafe text, as Ansible does', () => {
    const vars = { r: markUnsafe({ stdout: "lookup('pipe', 'id')" }) };
    const err = errorOf(() => templar.evaluateConditional('{{ r.stdout }}', vars));
    expect(err.message).toContain('Conditional is marked as unsafe, and cannot be evaluated.');
  });
});

describe('!unsafe YAML', () => {
  it('marks the scalar slot, in maps and lists, and templates never run it', () => {
    const data = parseAnsibleYaml(
      `a: !unsafe "${PAYLOAD}"\nb: ["${PAYLOAD}", !unsafe "${PAYLOAD}"]\nc: "${PAYLOAD}"\n`,
    ) as Record<string, any>;
    expect(data.a).toBe(PAYLOAD);
    expect(isUnsafeAt(data, 'a')).toBe(true);
    expect(isUnsafeAt(data.b, 1)).toBe(true);
    expect(isUnsafeAt(data.b, 0)).toBe(false);
    expect(templar.render('{{ a }}', data)).toBe(PAYLOAD);
    expect(templar.render('{{ b }}', data)).toEqual(['EXECUTED', PAYLOAD]);
    expect(templar.render('{{ c }}', data)).toBe('EXECUTED');
  });

  it('makes a !unsafe list or mapping unsafe with everything in it (wrap_var)', () => {
    const data = parseAnsibleYaml(
      `l: !unsafe ["${PAYLOAD}", "x"]\nm: !unsafe\n  a: "${PAYLOAD}"\nn: ["${PAYLOAD}"]\n`,
    ) as Record<string, any>;
    expect(isUnsafeTree(data.l)).toBe(true);
    expect(isUnsafeTree(data.m)).toBe(true);
    expect(isUnsafeTree(data.n)).toBe(false);
    expect(templar.render('{{ l[0] }}|{{ m.a }}', data)).toBe(`${PAYLOAD}|${PAYLOAD}`);
    expect(templar.render('{{ n[0] }}', data)).toBe('EXECUTED');
  });

  it('empties the lists and mappings nested in a !unsafe one, as Ansible 2.14 does', () => {
    // wrap_var copies them before PyYAML has filled them
    const data = parseAnsibleYaml('l: !unsafe [a, [b], {c: d}, e]\nm: !unsafe {s: 1, l: [1], m: {k: v}}\n');
    expect(data).toEqual({ l: ['a', [], {}, 'e'], m: { s: 1, l: [], m: {} } });
  });
});

describe('marks across copies and threads', () => {
  it('mergeMarked keeps each key the mark of the layer it came from', () => {
    const low: Record<string, unknown> = { x: PAYLOAD, y: PAYLOAD };
    markUnsafeSlot(low, 'x');
    markUnsafeSlot(low, 'y');
    const facts = markUnsafe({ ansible_z: PAYLOAD });
    const merged = mergeMarked(low, facts, { y: 'safe again' });
    expect(isUnsafeAt(merged, 'x')).toBe(true);
    expect(isUnsafeAt(merged, 'ansible_z')).toBe(true);
    expect(isUnsafeAt(merged, 'y')).toBe(false);
  });

  it('survives structured clone through encodeUnsafe / decodeUnsafe', () => {
    const vars: Record<string, unknown> = {
      copied: PAYLOAD,
      r: hostResult(),
      inner: { s: PAYLOAD, t: 'ok' },
    };
    markUnsafeSlot(vars, 'copied');
    markUnsafeSlot(vars.inner as object, 's');
    const back = decodeUnsafe(structuredClone(encodeUnsafe(vars))) as Record<string, any>;
    expect(back).toEqual(vars);
    expect(isUnsafeAt(back, 'copied')).toBe(true);
    expect(isUnsafeTree(back.r) && isUnsafeTree(back.r.nested)).toBe(true);
    expect(isUnsafeAt(back.inner, 's')).toBe(true);
    expect(isUnsafeAt(back.inner, 't')).toBe(false);
    expect(templar.render('{{ copied }}{{ r.nested.deep }}{{ inner.s }}', back)).toBe(PAYLOAD.repeat(3));
  });

  it('encoding leaves unmarked data as it is (no copy)', () => {
    const plain = { a: [1, { b: 'c' }] };
    expect(encodeUnsafe(plain)).toBe(plain);
  });

  it('a host cannot pose as a wrapper inside its own (unsafe) data', () => {
    const forged = markUnsafe({ x: { __flotilla_unsafe_slots__: [], __flotilla_value__: PAYLOAD } });
    const back = decodeUnsafe(structuredClone(encodeUnsafe(forged))) as Record<string, any>;
    expect(back).toEqual({ x: { __flotilla_unsafe_slots__: [], __flotilla_value__: PAYLOAD } });
    expect(isUnsafeTree(back)).toBe(true);
  });
});
