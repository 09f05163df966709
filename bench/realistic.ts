/**
 * The realistic play of issue 17 (gather facts, then file, copy, template, lineinfile,
 * command, debug) on the loopback fleet, with Ansible 2.14 (pipelining on) and with flotilla,
 * same forks, in one run: wall time, controller and host CPU, sessions per host, peak RSS,
 * round trips per module, recaps and files compared (bench/support/side-by-side.ts).
 *
 *   npm run build && npx tsx bench/realistic.ts [--hosts 200] [--runs 1] [--forks 50] [--compare 5] [--timeout 10]
 *     [--cli dist/flotilla.mjs]
 */
import { benchArgs } from './support/bench-args.js';
import { REALISTIC_TEMPLATE, realisticPlay } from './support/realistic-play.js';
import { sideBySide } from './support/side-by-side.js';

const args = benchArgs();
await sideBySide({
  ...args,
  name: 'realistic',
  play: realisticPlay(args.timeout),
  files: { 'app.conf.j2': REALISTIC_TEMPLATE },
  tools: [
    { name: 'ansible', kind: 'ansible' },
    { name: 'flotilla', kind: 'flotilla' },
  ],
});
