/**
 * Which ansible.cfg a run reads, chosen as Ansible's find_ini_config_file chooses; small on
 * purpose, as the CLI's entry calls it before anything else loads (ansible-cfg.ts applies it).
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { expandUserVars } from '../python/expand-path.js';

export const SYSTEM_CONFIG_FILE = '/etc/ansible/ansible.cfg';

export interface ConfigSearch {
  env: NodeJS.ProcessEnv;
  cwd: string;
  home: string;
  systemFile?: string;
}

export interface FoundConfig {
  file: string | null;
  warnings: string[];
}

const readable = (file: string) => {
  try {
    accessSync(file, constants.R_OK);
    return existsSync(file);
  } catch {
    return false;
  }
};

/** find_ini_config_file: $ANSIBLE_CONFIG, ./ansible.cfg (not in a world-writable cwd), ~/.ansible.cfg, /etc. */
export function findConfigFile({
  env,
  cwd,
  home,
  systemFile = SYSTEM_CONFIG_FILE,
}: ConfigSearch): FoundConfig {
  const candidates: string[] = [];
  let fromEnv: string | undefined;
  if (env.ANSIBLE_CONFIG !== undefined) {
    fromEnv = path.resolve(cwd, expandUserVars(env.ANSIBLE_CONFIG));
    try {
      if (statSync(fromEnv).isDirectory()) fromEnv = path.join(fromEnv, 'ansible.cfg');
    } catch {}
    candidates.push(fromEnv);
  }
  const cwdFile = path.join(cwd, 'ansible.cfg');
  let skippedCwd = false;
  try {
    if (statSync(cwd).mode & 0o002) skippedCwd = existsSync(cwdFile);
    else candidates.push(cwdFile);
  } catch {}
  candidates.push(path.join(home, '.ansible.cfg'), systemFile);
  const file = candidates.find(readable) ?? null;
  const warnings =
    skippedCwd && file !== fromEnv
      ? [
          `Ansible is being run in a world writable directory (${cwd}), ignoring it as an ansible.cfg source. For more information see https://docs.ansible.com/ansible/devel/reference_appendices/config.html#cfg-in-world-writable-dir`,
        ]
      : [];
  return { file, warnings };
}

let inUse: string | null = null;

/** Records the ansible.cfg the run applied (the ansible_config_file variable). */
export function setConfigFileInUse(file: string | null): void {
  inUse = file;
}

/** The ansible.cfg this run read, or null. */
export function configFileInUse(): string | null {
  return inUse;
}
