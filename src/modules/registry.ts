/**
 * The module table: name (and `ansible.builtin.` / `ansible.legacy.` FQCN) → definition.
 * Built per call from immutable definitions: no module-level mutable state.
 */
import { aptModule, packageModule } from './apt.js';
import { blockinfileModule } from './blockinfile.js';
import { commandModule, rawModule, shellModule } from './command.js';
import { assertModule, debugModule, failModule, pauseModule, setFactModule } from './controller.js';
import { copyModule } from './copy.js';
import { fetchModule } from './fetch.js';
import { fileModule } from './file.js';
import { findModule } from './find.js';
import { groupModule } from './group.js';
import { lineinfileModule } from './lineinfile.js';
import { pingModule } from './ping.js';
import { replaceModule } from './replace.js';
import { scriptModule } from './script.js';
import { setupModule } from './setup.js';
import { slurpModule } from './slurp.js';
import { statModule } from './stat.js';
import { templateModule } from './template.js';
import type { ModuleDefinition } from './types.js';
import { userModule } from './user.js';
import { waitForModule } from './wait-for.js';

const MODULES: readonly ModuleDefinition[] = Object.freeze([
  commandModule,
  shellModule,
  rawModule,
  scriptModule,
  pingModule,
  debugModule,
  setFactModule,
  assertModule,
  failModule,
  pauseModule,
  waitForModule,
  setupModule,
  copyModule,
  templateModule,
  fileModule,
  lineinfileModule,
  blockinfileModule,
  replaceModule,
  statModule,
  slurpModule,
  fetchModule,
  findModule,
  userModule,
  groupModule,
  aptModule,
  packageModule,
]);

const FQCN_PREFIXES = ['ansible.builtin.', 'ansible.legacy.'];

/** The definition for a short or FQCN module name (`copy`, `ansible.builtin.copy`). */
export function getModule(name: string): ModuleDefinition | undefined {
  const prefix = FQCN_PREFIXES.find((p) => name.startsWith(p));
  const short = prefix ? name.slice(prefix.length) : name;
  // gather_facts is setup under another name, as in Ansible.
  const wanted = short === 'gather_facts' ? 'setup' : short;
  return MODULES.find((m) => m.name === wanted);
}

/** Short names of every module. */
export function moduleNames(): string[] {
  return MODULES.map((m) => m.name);
}
