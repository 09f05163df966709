/**
 * The timezone case (modules-timezone.test.ts): community.general.timezone changes the
 * host's /etc/timezone, /etc/localtime and /etc/default/rcS, and runs dpkg-reconfigure, so it
 * runs on a fleet whose /etc and debconf cache are private overlays (StartFleetOptions
 * privateDirs): this machine's own zone never changes. Each tool's run starts from the same
 * state (the first task resets it; the tools run one after the other) and writes the registered results, diffs included.
 */
import type { DiffCase } from './harness.js';
import { dumpTasks, registeredTasks, VOLATILE } from './modules-compare.js';

/** Shell text that sets the host's zone files (check_mode: false). */
const state = (lines: string) =>
  `shell: |\n        ${lines.trim().split('\n').join('\n        ')}\n      check_mode: false\n`;

// touching debconf's files copies them up into the overlay: their locks are then its own
const RESET = state(`
touch /var/cache/debconf/*.dat
printf 'Etc/UTC\\n' > /etc/timezone
ln -sf /usr/share/zoneinfo/Etc/UTC /etc/localtime
rm -f /etc/default/rcS /etc/adjtime`);

/** (name, task, kept under --check): set-ups are unregistered `shell` tasks in between. */
const TABLE: readonly (readonly [string, string, boolean])[] = [
  ['z_same', 'timezone: { name: Etc/UTC }', true],
  ['z_new', 'community.general.timezone: { name: Asia/Tokyo }', true],
  ['z_again', 'timezone: { name: Asia/Tokyo }', true],
  ['z_alias', 'timezone: { name: posix/Europe/Paris }', true],
  ['z_bad', 'timezone: { name: Mars/Olympus_Mons }', true],
  ['z_none', 'timezone: {}', true],
  ['z_rtc_same', 'timezone: { rtc: local }', true],
  ['z_both', 'timezone: { name: Europe/Berlin, hwclock: local }', true],
  ['z_words', 'timezone: { name: America/New_York }', true],
  ['z_copy_same', 'timezone: { name: Asia/Tokyo }', true],
  ['z_copy_new', 'timezone: { name: Europe/Oslo }', true],
  ['z_broken', 'timezone: { name: Europe/Oslo }', true],
  ['z_missing', 'timezone: { name: Europe/Oslo }', true],
  ['z_hwclock', 'timezone: { hwclock: UTC }', true],
];

const FAILING = new Set(['z_alias', 'z_bad', 'z_none', 'z_hwclock']);

/** The set-up that runs before a row (its state on the host). */
const BEFORE: Record<string, string> = {
  z_rtc_same: state(`
printf '# rcS\\nUTC=no\\n' > /etc/default/rcS
printf '0.0 0 0.0\\n0\\nLOCAL\\n' > /etc/adjtime`),
  // the first word of the first line that starts with one: here a comment's
  z_words: state(`printf '\\n  indented\\n# a comment\\nEurope/Paris extra\\n' > /etc/timezone`),
  // /etc/localtime a copy of the zone's file, not a link
  z_copy_same: state(`
printf 'Asia/Tokyo\\n' > /etc/timezone
rm -f /etc/localtime; cp /usr/share/zoneinfo/Asia/Tokyo /etc/localtime`),
  z_broken: state(`ln -sf /usr/share/zoneinfo/Nowhere/Else /etc/localtime`),
  z_missing: state('rm -f /etc/timezone'),
};

export function timezoneCase(args: string[] = []): DiffCase {
  const rows = registeredTasks(TABLE, FAILING, { args });
  const tasks = rows.yaml
    .split(/(?=^ {4}- )/m)
    .map((task, i) => {
      const name = rows.names[i];
      return `${BEFORE[name] ? `    - ${BEFORE[name]}` : ''}${task}`;
    })
    .join('');
  return {
    hosts: 1,
    // both tools change the one host's zone: one after the other
    sequential: true,
    args,
    playbook: `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
    volatile: ${JSON.stringify(VOLATILE.filter((k) => k !== 'diff'))}
  tasks:
    - ${RESET}    - file: { path: "{{ d }}", state: directory }
      check_mode: false
${tasks}    - shell: cat /etc/timezone; readlink /etc/localtime; cat /etc/default/rcS
      register: z_files
      check_mode: false
${dumpTasks([...rows.names, 'z_files'], ['cmd', 'stderr_lines', 'stdout_lines'])}`,
  };
}
