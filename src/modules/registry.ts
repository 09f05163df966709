/**
 * The module registry: name (and `ansible.builtin.` / `ansible.legacy.` FQCN) → definition.
 * Adding a host module is its file plus one line here (and a line in src/actions/table.ts
 * when Ansible's builtin collection does not already name it).
 */
import { implementationName } from '../actions/table.js';
import { aptModule, packageModule } from './apt.js';
import { aptKeyModule } from './apt-key.js';
import { aptRepositoryModule } from './apt-repository.js';
import { authorizedKeyModule } from './authorized-key.js';
import { blockinfileModule } from './blockinfile.js';
import { commandModule, rawModule, shellModule } from './command.js';
import { copyModule } from './copy.js';
import { cronModule } from './cron.js';
import { debconfModule } from './debconf.js';
import { fetchModule } from './fetch.js';
import { fileModule } from './file.js';
import { findModule } from './find.js';
import { getUrlModule } from './get_url.js';
import { getentModule } from './getent.js';
import { gitModule } from './git.js';
import { groupModule } from './group.js';
import { hostnameModule } from './hostname.js';
import { iniFileModule } from './ini-file.js';
import { knownHostsModule } from './known-hosts.js';
import { lineinfileModule } from './lineinfile.js';
import { mountModule } from './mount.js';
import { packageFactsModule } from './package-facts.js';
import { pauseModule } from './pause.js';
import { pingModule } from './ping.js';
import { pipModule } from './pip.js';
import { replaceModule } from './replace.js';
import { scriptModule } from './script.js';
import { serviceModule } from './service.js';
import { serviceFactsModule } from './service-facts.js';
import { setupModule } from './setup.js';
import { slurpModule } from './slurp.js';
import { statModule } from './stat.js';
import { sysctlModule } from './sysctl.js';
import { systemdModule } from './systemd.js';
import { sysvinitModule } from './sysvinit.js';
import { templateModule } from './template.js';
import { timezoneModule } from './timezone.js';
import type { ModuleDefinition } from './types.js';
import { unarchiveModule } from './unarchive.js';
import { uriModule } from './uri.js';
import { userModule } from './user.js';
import { waitForModule } from './wait-for.js';

const MODULES: readonly ModuleDefinition[] = Object.freeze([
  commandModule,
  shellModule,
  rawModule,
  scriptModule,
  pingModule,
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
  getentModule,
  gitModule,
  pipModule,
  getUrlModule,
  iniFileModule,
  debconfModule,
  sysctlModule,
  mountModule,
  aptModule,
  packageModule,
  aptRepositoryModule,
  aptKeyModule,
  authorizedKeyModule,
  knownHostsModule,
  cronModule,
  serviceModule,
  sysvinitModule,
  systemdModule,
  serviceFactsModule,
  packageFactsModule,
  hostnameModule,
  timezoneModule,
  uriModule,
  unarchiveModule,
]);

/**
 * The definition for a short or FQCN module name (`copy`, `ansible.builtin.copy`); an alias
 * in the action table runs its target (gather_facts is setup).
 */
export function getModule(name: string): ModuleDefinition | undefined {
  const wanted = implementationName(name);
  return MODULES.find((m) => m.name === wanted);
}

/** Short names of every module. */
export function moduleNames(): string[] {
  return MODULES.map((m) => m.name);
}
