/** module_defaults extends down the task tree (Ansible's extend/prepend list attribute). */
import { describe, expect, it } from 'vitest';
import { ProgramBuilder } from '../../../src/plan/task-spec.js';
import type { TaskNode } from '../../../src/playbook/model.js';

const loc = { file: '/p.yml', line: 1, col: 1 };
const task = (id: string, keywords = {}): TaskNode => ({
  kind: 'task',
  id,
  action: 'ping',
  actionAsWritten: 'ping',
  args: {},
  keywords,
  location: loc,
});

describe('module_defaults inheritance', () => {
  it("lists the play's first, then each block's, the task's last", () => {
    const builder = new ProgramBuilder({ only: [], skip: [] }, () => true);
    const play = [{ 'ansible.builtin.ping': { data: 'play' } }];
    const blockDefaults = [{ 'ansible.builtin.ping': { data: 'block' } }];
    const own = [{ 'ansible.builtin.ping': { data: 'task' } }];
    builder.build(
      [
        {
          kind: 'block',
          id: 'b',
          block: [task('t1', { module_defaults: own }), task('t2')],
          rescue: [],
          always: [],
          keywords: { module_defaults: blockDefaults },
          location: loc,
        },
        task('t3'),
      ],
      { keywords: { module_defaults: play }, tags: [] },
    );
    expect(builder.specs.get('t1')?.keywords.module_defaults).toEqual([...play, ...blockDefaults, ...own]);
    expect(builder.specs.get('t2')?.keywords.module_defaults).toEqual([...play, ...blockDefaults]);
    expect(builder.specs.get('t3')?.keywords.module_defaults).toEqual(play);
  });
});
