/**
 * An inventory of the fleet's first `n` hosts, with the fleet's own [fleet:vars] (key,
 * known_hosts, interpreter): the benches that run several sizes on one fleet.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Fleet } from '../../tools/fleet/index.js';

export function subsetInventory(fleet: Fleet, n: number): string {
  const vars = readFileSync(fleet.inventoryFile, 'utf8').split('[fleet:vars]')[1];
  const file = path.join(fleet.dir, `hosts-${n}.ini`);
  writeFileSync(
    file,
    `[fleet]\n${fleet.hosts
      .slice(0, n)
      .map((h) => `${h.name} ansible_host=${h.address}`)
      .join('\n')}\n\n[fleet:vars]${vars}`,
  );
  return file;
}
