/**
 * The hosts a connection-pool scenario talks to: synthetic ones for the simulated transport,
 * or the first N hosts of an inventory, resolved exactly as `flotilla run` resolves them.
 */
import { resolveConnectionParams } from '../connection/params.js';
import type { ConnectionParams } from '../connection/transport.js';
import { FlotillaError } from '../errors/index.js';
import { getHostVars, loadInventory, selectHosts } from '../inventory/index.js';
import type { StressTransport } from './types.js';

export function simTarget(i: number): ConnectionParams {
  const host = `sim${String(i + 1).padStart(3, '0')}`;
  return {
    host,
    connection: 'ssh',
    address: host,
    port: 22,
    user: 'lab',
    connectTimeoutMs: 10_000,
    hostKeyChecking: 'off',
    knownHostsFiles: [],
    keepaliveIntervalMs: 30_000,
  };
}

export interface TargetRequest {
  transport: StressTransport;
  /** Hosts asked for with --hosts, if any. */
  hosts?: number;
  /** Used when --hosts was not given. */
  defaultHosts: number;
  inventory?: string;
}

export function resolveLabTargets(req: TargetRequest): ConnectionParams[] {
  if (req.transport === 'sim') {
    return Array.from({ length: req.hosts ?? req.defaultHosts }, (_, i) => simTarget(i));
  }
  if (!req.inventory) {
    throw new FlotillaError('FLT_STRESS_OPTION', '--transport ssh needs an inventory', {
      hint: 'pass -i INVENTORY; its first --hosts hosts are connected to',
    });
  }
  const inv = loadInventory([req.inventory]);
  const names = selectHosts(inv, 'all');
  const wanted = req.hosts ?? Math.min(names.length, req.defaultHosts);
  if (wanted > names.length) {
    throw new FlotillaError(
      'FLT_STRESS_OPTION',
      `--hosts ${wanted} asks for more hosts than the inventory has (${names.length})`,
      { hint: `use --hosts ${names.length} or a larger inventory` },
    );
  }
  return names.slice(0, wanted).map((name) => resolveConnectionParams(name, getHostVars(inv, name)));
}
