/**
 * Grammar-aware generators: near-valid INI and YAML inventories, playbooks, YAML and
 * templates, built from the real syntax with small mutations, plus random text.
 */
import fc from 'fast-check';

const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/);
const value = fc.oneof(
  fc.integer().map(String),
  name,
  fc.constantFrom('True', 'None', '[1, "a"]', '{"k": 1}', '"quoted"', "'x'", '0x1f', '1.5', '(1,)', '[[[]]]'),
);
const hostPattern = fc.oneof(
  name,
  fc.tuple(name, fc.nat(20), fc.nat(20)).map(([n, a, b]) => `${n}[${a}:${b}]`),
  fc.tuple(name, fc.constantFrom('a', 'c'), fc.constantFrom('b', 'f')).map(([n, a, b]) => `${n}-[${a}:${b}]`),
  fc.tuple(name, fc.nat(65535)).map(([n, p]) => `${n}:${p}`),
  fc.constantFrom('10.0.0.1', '[::1]:22', 'web[01:3].example.com', 'x[0:5:2]', 'bad[', 'a]b', '---'),
);

/** Small damage: drop, duplicate or insert a character; swap two lines. */
function mutate(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const junk = fc.constantFrom(
    '[',
    ']',
    ':',
    '=',
    '{',
    '}',
    '-',
    '*',
    '&',
    '!',
    '#',
    '"',
    "'",
    '\t',
    '\n',
    '\0',
    '\ufeff',
    '%',
    '|',
  );
  return fc.tuple(text, fc.nat(), fc.nat(3), junk).map(([t, at, op, ch]) => {
    if (t.length === 0) return ch;
    const i = at % t.length;
    if (op === 0) return t;
    if (op === 1) return t.slice(0, i) + t.slice(i + 1);
    if (op === 2) return t.slice(0, i) + ch + t.slice(i);
    const lines = t.split('\n');
    const j = at % lines.length;
    [lines[0], lines[j]] = [lines[j], lines[0]];
    return lines.join('\n');
  });
}

const iniLine = fc.oneof(
  fc
    .tuple(hostPattern, fc.array(fc.tuple(name, value), { maxLength: 3 }))
    .map(([h, vars]) => `${h}${vars.map(([k, v]) => ` ${k}=${v}`).join('')}`),
  name.map((g) => `[${g}]`),
  name.map((g) => `[${g}:vars]`),
  name.map((g) => `[${g}:children]`),
  fc.tuple(name, value).map(([k, v]) => `${k}=${v}`),
  fc.constantFrom('# comment', '; comment', '', '[g:bogus]', '[bad name]'),
);

export const iniInventory = mutate(fc.array(iniLine, { maxLength: 12 }).map((l) => `${l.join('\n')}\n`));

const yamlScalar = fc.oneof(
  value,
  fc.constantFrom(
    'yes',
    'no',
    '~',
    '0644',
    '1e3',
    '"{{ x }}"',
    '{{ x }}',
    '!unsafe "{{ x }}"',
    '&a 1',
    '*a',
    '|',
  ),
);

/** YAML of nested mappings and lists, `depth` levels at most. */
function yamlNode(depth: number, indent: string): fc.Arbitrary<string> {
  if (depth === 0) return yamlScalar;
  const child = yamlNode(depth - 1, `${indent}  `);
  return fc.oneof(
    yamlScalar,
    fc
      .array(fc.tuple(name, child), { minLength: 1, maxLength: 3 })
      .map((pairs) => `\n${pairs.map(([k, v]) => `${indent}  ${k}: ${v}`).join('\n')}`),
    fc
      .array(child, { minLength: 1, maxLength: 3 })
      .map((items) => `\n${items.map((v) => `${indent}  - ${v}`).join('\n')}`),
    fc.array(yamlScalar, { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
  );
}

export const yamlText = mutate(fc.tuple(name, yamlNode(3, '')).map(([k, v]) => `${k}: ${v}\n`));

const hosts = fc.array(fc.tuple(hostPattern, fc.array(fc.tuple(name, yamlScalar), { maxLength: 2 })), {
  maxLength: 4,
});
export const yamlInventory = mutate(
  fc.tuple(name, hosts, fc.array(fc.tuple(name, yamlScalar), { maxLength: 2 })).map(([group, hs, vars]) => {
    const lines = ['all:', '  children:', `    ${group}:`, '      hosts:'];
    for (const [h, hv] of hs) {
      lines.push(`        ${h}:`);
      for (const [k, v] of hv) lines.push(`          ${k}: ${v}`);
    }
    if (vars.length) lines.push('      vars:', ...vars.map(([k, v]) => `        ${k}: ${v}`));
    return `${lines.join('\n')}\n`;
  }),
);

const module = fc.constantFrom(
  'debug',
  'command',
  'shell',
  'copy',
  'ping',
  'set_fact',
  'shel',
  'import_tasks',
  'include_tasks',
  'block',
);
const taskKeyword = fc.constantFrom(
  'when',
  'loop',
  'register',
  'tags',
  'become',
  'notify',
  'ignore_errors',
  'vars',
  'becom',
  'with_items',
);
const task = fc
  .tuple(module, yamlScalar, fc.array(fc.tuple(taskKeyword, yamlScalar), { maxLength: 2 }))
  .map(([m, arg, kws]) => {
    const a =
      m === 'import_tasks' || m === 'include_tasks'
        ? 'tasks.yml'
        : m === 'block'
          ? '\n        - debug: msg=x'
          : arg;
    return [`    - name: t`, `      ${m}: ${a}`, ...kws.map(([k, v]) => `      ${k}: ${v}`)].join('\n');
  });
const playKeyword = fc.constantFrom(
  'gather_facts',
  'become',
  'serial',
  'vars',
  'tags',
  'order',
  'strategy',
  'hots',
);
export const playbookText = mutate(
  fc
    .tuple(
      fc.array(fc.tuple(playKeyword, yamlScalar), { maxLength: 3 }),
      fc.array(task, { maxLength: 4 }),
      fc.boolean(),
    )
    .map(([kws, tasks, handlers]) =>
      [
        '- hosts: all',
        ...kws.map(([k, v]) => `  ${k}: ${v}`),
        '  tasks:',
        ...tasks,
        ...(handlers ? ['  handlers:', '    - name: h', '      debug: msg=h'] : []),
      ].join('\n'),
    ),
);

// No lookups: a template may run a controller command (pipe), which fuzzing must not.
const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(
      'name',
      'n',
      'items',
      'd.a',
      'd["b"]',
      'missing',
      '1',
      '"s"',
      '[1, 2]',
      '{"k": 1}',
      'none',
      'true',
      '(1,)',
    ),
    fc
      .tuple(
        tie('e'),
        fc.constantFrom('+', '-', '*', '/', '//', '%', '~', '==', '<', 'and', 'or', 'in', '**'),
        tie('e'),
      )
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc
      .tuple(
        tie('e'),
        fc.constantFrom(
          'default(1)',
          'length',
          'upper',
          'int',
          'string',
          'list',
          'join(",")',
          'to_json',
          'from_json',
          'bool',
          'first',
          'sort',
          'unique',
          'b64encode',
          'regex_replace("a", "b")',
          'split(",")',
          'to_yaml',
          'from_yaml',
          'nonexistent_filter',
        ),
      )
      .map(([a, f]) => `${a} | ${f}`),
    fc
      .tuple(tie('e'), fc.constantFrom('defined', 'string', 'number', 'search("a")', 'version("1.0", ">")'))
      .map(([a, t]) => `${a} is ${t}`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `${a} if ${b} else ${c}`),
  ),
})).e as fc.Arbitrary<string>;

export const templateText = mutate(
  fc
    .array(
      fc.oneof(
        expr.map((e) => `{{ ${e} }}`),
        expr.map((e) => `{% if ${e} %}yes{% else %}no{% endif %}`),
        expr.map((e) => `{% for x in ${e} %}{{ x }},{% endfor %}`),
        expr.map((e) => `{% set v = ${e} %}{{ v }}`),
        fc.constantFrom('text ', '{# c #}', '{% raw %}{{ x }}{% endraw %}', '{{', '}}', '{%', '%}', '{{ x }'),
      ),
      { maxLength: 4 },
    )
    .map((parts) => parts.join('')),
);

/** Plain random text (any code points, lone surrogates included). */
export const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 200 }));
