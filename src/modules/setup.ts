/**
 * setup (and gather_facts): Ansible 2.14's Linux facts gathered in ONE exec round trip (the
 * script of facts-script.ts), returned as `ansible_facts` with Ansible's prefixed names
 * (ansible_hostname, …), narrowed by gather_subset and filter as setup.py does.
 */

import type { ModuleDefinition } from './types.js';
import { gatherFacts } from './util/facts.js';
import { factsScript } from './util/facts-script.js';
import { collectorOf, filterFacts, selectCollectors } from './util/facts-subset.js';
import { run } from './util/remote.js';

export const setupModule: ModuleDefinition = {
  name: 'setup',
  args: {
    options: {
      gather_subset: { type: 'list', elements: 'str', default: ['all'] },
      gather_timeout: { type: 'int', default: 10 },
      filter: { type: 'list', elements: 'str', default: [] },
      fact_path: { type: 'path', default: '/etc/ansible/facts.d' },
    },
  },
  async run(args, ctx) {
    const subset = (args.gather_subset as string[] | undefined) ?? ['all'];
    const collectors = selectCollectors(subset.length ? subset : ['all']);
    if (typeof collectors === 'string') return { changed: false, failed: true, msg: collectors };
    const timeout = args.gather_timeout as number;
    const script = factsScript(
      (args.fact_path as string | undefined) ?? '/etc/ansible/facts.d',
      timeout,
      ctx.pythonInterpreter,
    );
    // the mounts' stat calls have their own timeout; the whole script gets room for all of them
    const res = await run(ctx, script, { timeoutMs: Math.max(timeout, 1) * 3000 });
    if (!res.stdout.includes('@@uname'))
      return { changed: false, failed: true, msg: `fact gathering failed: ${res.stderr.trim()}` };
    const { facts: gathered, warnings } = gatherFacts(res.stdout);
    const interfaces = new Set((gathered.ansible_interfaces as string[] | undefined) ?? []);
    const selected: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(gathered))
      if (collectors.has(collectorOf(k, interfaces))) selected[k] = v;
    // CollectorMetaDataCollector's facts, unprefixed as in Ansible
    selected.gather_subset = subset;
    selected.module_setup = true;
    const facts = filterFacts(selected, (args.filter as string[] | undefined) ?? []);
    const result: Record<string, unknown> = { changed: false, ansible_facts: facts };
    // warnings of the collectors that ran (Ansible collects in order: hardware before local)
    const shown = warnings.filter((w) => collectors.has(w.collector)).map((w) => w.msg);
    if (shown.length) result.warnings = shown;
    return result;
  },
};
