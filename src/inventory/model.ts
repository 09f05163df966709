/**
 * The inventory model, as Ansible builds it. Plain data so it can be shipped to workers.
 */
export interface InventoryHost {
  name: string;
  /** Host variables (inline, host_vars/). */
  vars: Record<string, unknown>;
}

export interface InventoryGroup {
  name: string;
  vars: Record<string, unknown>;
  /** Direct member hosts, in the order they were first seen. */
  hosts: string[];
  /** Direct child groups. */
  children: string[];
}

export interface Inventory {
  /** Hosts in the order they were first seen. */
  hosts: Map<string, InventoryHost>;
  /** Groups including `all` and `ungrouped`. */
  groups: Map<string, InventoryGroup>;
  /** Absolute paths of the sources read. */
  sources: string[];
}
