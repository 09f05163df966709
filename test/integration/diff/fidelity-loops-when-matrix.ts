/**
 * The generated playbook of fidelity-loops-when.test.ts: loop forms × when forms, each
 * cell registered, every registered result printed by one last task.
 */

/**
 * Loop forms that bring an undefined variable (in an item, as the whole loop, through a
 * with_ lookup): each against every `when` form, where the order of the two decides.
 */
const UNDEFINED_LOOPS: Record<string, string[]> = {
  'loop undefined item': ['loop: ["{{ nope }}", 2]'],
  'loop undefined var': ['loop: "{{ nope }}"'],
  'loop undefined attr': ['loop: "{{ some.nope }}"'],
  'with_items undefined': ['with_items: "{{ nope }}"'],
  'with_items undefined item': ['with_items: ["{{ nope }}", 1]'],
  'with_dict undefined': ['with_dict: "{{ nope }}"'],
  'with_list undefined': ['with_list: "{{ nope }}"'],
};

/** Defined loops (and a label that fails): `when` per item, and its results shape. */
const DEFINED_LOOPS: Record<string, string[]> = {
  'loop list': ['loop: [1, 2, 3]'],
  'loop empty': ['loop: []'],
  'loop label undefined': ['loop: [1, 2]', 'loop_control:', '  label: "{{ nope }}"'],
  'loop_var index_var': ['loop: [1, 2]', 'loop_control:', '  index_var: i', '  loop_var: it'],
  'with_items list': ['with_items: [1, 2, 3]'],
  with_dict: ['with_dict: "{{ some }}"'],
};

/** `when` forms: none, constant, naming the loop variable, undefined, per host. */
const WHENS: Record<string, string | undefined> = {
  none: undefined,
  false: 'false',
  true: 'true',
  item: '(item | default(it) | string) != "1"',
  undefined: 'nope_either',
  'per host': 'inventory_hostname != groups.fleet[0]',
};

/** The cells: every undefined loop × every when; defined loops × the whens that differ. */
export function cells(): [string, string[], string | undefined][] {
  const out: [string, string[], string | undefined][] = [];
  for (const [name, lines] of Object.entries(UNDEFINED_LOOPS))
    for (const [w, when] of Object.entries(WHENS))
      if (w !== 'none') out.push([`${name} / when ${w}`, lines, when]);
  for (const [name, lines] of Object.entries(DEFINED_LOOPS))
    for (const [w, when] of Object.entries(WHENS))
      if (w !== 'true' && w !== 'undefined') out.push([`${name} / when ${w}`, lines, when]);
  return out;
}

export function loopWhenMatrix(): string {
  const tasks: string[] = [];
  const regs: string[] = [];
  for (const [name, lines, when] of cells()) {
    const reg = `r${regs.length}`;
    regs.push(reg);
    tasks.push(
      `    - name: "${name}"`,
      '      debug: msg="{{ item | default(it) }}"',
      ...lines.map((l) => `      ${l}`),
      ...(when === undefined ? [] : [`      when: ${when}`]),
      `      register: ${reg}`,
      '      ignore_errors: true',
    );
  }
  // One task prints every registered result (fewer tasks: the machine is shared).
  return `- name: undefined loops skipped by when, without ignore_errors (the play goes on)
  hosts: fleet
  gather_facts: false
  tasks:
    - debug: msg="{{ item }}"
      loop: "{{ nope }}"
      when: false
    - debug: msg="{{ item }}"
      with_items: ["{{ nope }}"]
      when: false

- name: loop and when ordering
  hosts: fleet
  gather_facts: false
  vars:
    some: { k: v }
  tasks:
${tasks.join('\n')}
    - name: every registered result
      debug:
        msg: "{{ [${regs.join(', ')}] }}"
`;
}
