/** ConnectionParams for a test fleet host (strict checking against the fleet's known_hosts). */
import { resolveConnectionParams } from '../../../src/connection/params.js';
import type { ConnectionParams } from '../../../src/connection/transport.js';
import type { Fleet } from '../../../tools/fleet/index.js';

export function fleetParams(
  fleet: Fleet,
  index: number,
  overrides: Partial<ConnectionParams> = {},
): ConnectionParams {
  const h = fleet.hosts[index];
  const p = resolveConnectionParams(
    h.name,
    {
      ansible_host: h.address,
      ansible_port: fleet.port,
      ansible_user: fleet.user,
      ansible_ssh_private_key_file: fleet.privateKeyFile,
      ansible_ssh_common_args: `-o UserKnownHostsFile=${fleet.knownHostsFile} -o StrictHostKeyChecking=yes`,
    },
    { env: { HOME: fleet.dir } },
  );
  return { ...p, knownHostsFiles: [fleet.knownHostsFile], ...overrides };
}

export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}
