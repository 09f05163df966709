/** The inventory used when no -i is given, as Ansible chooses it. */
import { existsSync } from 'node:fs';

export const SYSTEM_INVENTORY = '/etc/ansible/hosts';

/**
 * ANSIBLE_INVENTORY (comma-separated), else /etc/ansible/hosts. When that file does not
 * exist the inventory is empty and only the implicit localhost is available, and Ansible's
 * warning says so.
 */
export function defaultInventory(
  warn: (message: string) => void,
  env = process.env,
  systemInventory = SYSTEM_INVENTORY,
): string[] {
  if (env.ANSIBLE_INVENTORY) return env.ANSIBLE_INVENTORY.split(',').filter(Boolean);
  if (existsSync(systemInventory)) return [systemInventory];
  warn(
    "[WARNING]: provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'\n",
  );
  return [];
}
