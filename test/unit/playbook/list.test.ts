import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderListHosts, renderListTags, renderListTasks } from '../../../src/playbook/list.js';
import { loadPlaybook } from '../../../src/playbook/load.js';

// Expected texts were captured from ansible-playbook 2.14 (-i 'localhost,').
const dir = 'test/fixtures/playbooks/valid';
const site = `${dir}/site.yml`;
const expected = (name: string) => readFileSync(`${dir}/${name}`, 'utf8');

describe('ansible-playbook listings', () => {
  const pb = loadPlaybook(site);

  it('matches --list-tasks', () => {
    expect(renderListTasks(pb, [], [], { playbookPath: site })).toBe(
      expected('site.list-tasks.expected.txt'),
    );
  });

  it('matches --list-tasks --tags never,app', () => {
    expect(renderListTasks(pb, ['never', 'app'], [], { playbookPath: site })).toBe(
      expected('site.list-tasks-never-app.expected.txt'),
    );
  });

  it('matches --list-tasks --skip-tags deploy,extra', () => {
    expect(renderListTasks(pb, [], ['deploy', 'extra'], { playbookPath: site })).toBe(
      expected('site.list-tasks-skip.expected.txt'),
    );
  });

  it('matches --list-hosts with hosts from the callback', () => {
    const seen: string[] = [];
    const select = (pattern: string) => {
      seen.push(pattern);
      return pattern === 'all' ? ['localhost', 'localhost'] : [];
    };
    expect(renderListHosts(pb, select, { playbookPath: site })).toBe(
      expected('site.list-hosts.expected.txt'),
    );
    expect(seen).toEqual(['all', 'web,db']);
  });
});

// Captured from ansible-playbook 2.14 -i 'localhost,' test/fixtures/playbooks/valid/site.yml <options>.
describe('ansible-playbook --list-tags', () => {
  const pb = loadPlaybook(site);

  it('matches --list-tags', () => {
    expect(renderListTags(pb, { playbookPath: site, ...{} })).toBe(
      '\nplaybook: test/fixtures/playbooks/valid/site.yml\n\n  play #1 (all): all\tTAGS: [imported]\n      TASK TAGS: [extra, imported]\n\n  play #2 (web,db): web servers\tTAGS: [deploy]\n      TASK TAGS: [app, copy, deploy, grouped]\n',
    );
  });

  it('matches --list-tags --tags app', () => {
    expect(renderListTags(pb, { playbookPath: site, ...{ tags: ['app'] } })).toBe(
      '\nplaybook: test/fixtures/playbooks/valid/site.yml\n\n  play #1 (all): all\tTAGS: [imported]\n      TASK TAGS: [imported]\n\n  play #2 (web,db): web servers\tTAGS: [deploy]\n      TASK TAGS: [app, deploy]\n',
    );
  });

  it('matches --list-tasks --list-tags --skip-tags deploy', () => {
    expect(renderListTags(pb, { playbookPath: site, ...{ skipTags: ['deploy'], listTasks: true } })).toBe(
      '\nplaybook: test/fixtures/playbooks/valid/site.yml\n\n  play #1 (all): all\tTAGS: [imported]\n    tasks:\n      extra step\tTAGS: [extra, imported]\n      include_tasks\tTAGS: [imported]\n      TASK TAGS: [extra, imported]\n\n  play #2 (web,db): web servers\tTAGS: [deploy]\n    tasks:\n      TASK TAGS: [deploy]\n',
    );
  });
});
