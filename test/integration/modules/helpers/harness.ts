/**
 * Shared setup for module integration tests: a real sshd fleet, one transport per host,
 * a ModuleContext factory and a per-test temp directory on the (shared) filesystem.
 */
import { readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { SshTransport } from '../../../../src/connection/ssh-transport.js';
import type { Transport } from '../../../../src/connection/transport.js';
import { executeModule } from '../../../../src/modules/execute.js';
import type { ModuleContext, ModuleResult } from '../../../../src/modules/types.js';
import { type Fleet, startFleet, stopFleet } from '../../../../tools/fleet/index.js';
import { tempDir } from '../../../support/temp-dirs.js';

export interface Harness {
  fleet: Fleet;
  transports: Transport[];
  ctx(overrides?: Partial<ModuleContext>): ModuleContext;
  /** Runs a module by name on host 0 (or the given context). */
  run(name: string, args: Record<string, unknown>, overrides?: Partial<ModuleContext>): Promise<ModuleResult>;
  tempDir(): string;
  close(): Promise<void>;
}

/** `persistentChannel: false`: every command on a session of its own (tests that count sessions). */
export async function startHarness(
  hosts = 2,
  options: { persistentChannel?: boolean } = {},
): Promise<Harness> {
  const fleet = await startFleet({ hosts });
  const transports: Transport[] = [];
  const tempDirs: string[] = [];
  for (const h of fleet.hosts) {
    const t = new SshTransport(
      {
        host: h.name,
        connection: 'ssh',
        address: h.address,
        port: fleet.port,
        user: fleet.user,
        privateKeyFile: fleet.privateKeyFile,
        connectTimeoutMs: 10_000,
        hostKeyChecking: 'strict',
        knownHostsFiles: [fleet.knownHostsFile],
        keepaliveIntervalMs: 0,
      },
      { persistentChannel: options.persistentChannel },
    );
    await t.connect();
    transports.push(t);
  }
  const ctx = (overrides: Partial<ModuleContext> = {}): ModuleContext => ({
    transport: transports[0],
    host: fleet.hosts[0].name,
    check: false,
    diff: false,
    readLocalFile: async (p) => readFileSync(p),
    resolveLocalPath: (p) => p,
    writeLocalFile: (p, c) => writeFile(p, c),
    ...overrides,
  });
  return {
    fleet,
    transports,
    ctx,
    run: (name, args, overrides) => executeModule(name, args, ctx(overrides)),
    tempDir: () => {
      const dir = tempDir('flt-mod-');
      tempDirs.push(dir);
      return dir;
    },
    async close() {
      await Promise.all(transports.map((t) => t.close()));
      await stopFleet(fleet);
      for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}
