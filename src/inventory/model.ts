/**
 * The inventory model, as Ansible builds it. Plain data so it can be shipped to workers.
 */
export interface InventoryHost {
  name: string;
  /** Host variables (inline, host_vars/). */
  vars: Record<string, unknown>;
  /**
   * Every group the host belongs to, directly or through ancestors, including `all`
   * (Ansible's `host.get_groups()`). Filled by the loader.
   */
  groups?: string[];
}

export interface InventoryGroup {
  name: string;
  vars: Record<string, unknown>;
  /** Direct member hosts, in the order they were first seen. */
  hosts: string[];
  /** Direct child groups. */
  children: string[];
  /** Direct parent groups (filled by the loader). */
  parents?: string[];
  /** Longest path from `all` (Ansible's `group.depth`); `all` is 0. */
  depth?: number;
  /** `ansible_group_priority` from the inventory source (default 1). */
  priority?: number;
}

/**
 * Variables from a `group_vars/` + `host_vars/` pair found beside one inventory source
 * (or beside a playbook). Kept apart from inline vars because Ansible ranks them differently.
 */
export interface VarsDirLayer {
  /** The directory holding group_vars/ and host_vars/. */
  dir: string;
  groups: Map<string, Record<string, unknown>>;
  hosts: Map<string, Record<string, unknown>>;
}

export interface Inventory {
  /** Hosts in the order they were first seen. */
  hosts: Map<string, InventoryHost>;
  /** Groups including `all` and `ungrouped`. */
  groups: Map<string, InventoryGroup>;
  /** Absolute paths of the sources read. */
  sources: string[];
  /** group_vars/host_vars beside each inventory source, in source order (filled by the loader). */
  varsLayers?: VarsDirLayer[];
  /** The name the implicit localhost got when first selected (`localhost`, `127.0.0.1` or `::1`). */
  implicitLocalhost?: string;
  /** Things Ansible would warn about while loading (skipped keys, ...); the caller prints them. */
  warnings?: string[];
}
