/**
 * The play keyword `order`: the order in which a play takes its hosts (and so how serial
 * cuts its batches and which host a run_once task runs on), as Ansible's inventory
 * manager applies it.
 */
import { FlotillaError } from '../errors/index.js';
import { compareNames } from '../inventory/groups.js';

const ORDERS = ['inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle'];

export function orderHosts(hosts: string[], order: unknown, random: () => number = Math.random): string[] {
  if (order === undefined || order === null || order === 'inventory') return hosts;
  switch (order) {
    case 'sorted':
      return [...hosts].sort(compareNames);
    case 'reverse_sorted':
      return [...hosts].sort(compareNames).reverse();
    case 'reverse_inventory':
      return [...hosts].reverse();
    case 'shuffle': {
      const out = [...hosts];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    }
    default:
      throw new FlotillaError(
        'FLT_PLAY_ORDER',
        `Invalid 'order' specified for inventory hosts: ${String(order)}`,
        {
          hint: `use one of ${ORDERS.join(', ')}`,
        },
      );
  }
}
