/**
 * Where vault passwords come from, as ansible-playbook takes them (parsing/vault/__init__.py):
 * `--vault-id [label@]SOURCE` and `--vault-password-file FILE` (repeatable, in that order),
 * `--ask-vault-pass`, else $ANSIBLE_VAULT_PASSWORD_FILE. A file's text is stripped; an
 * executable file is run and its stdout taken (a `*-client` script gets `--vault-id LABEL`);
 * SOURCE `prompt` asks on the terminal.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FlotillaError } from '../errors/index.js';
import { isExecutable, readHiddenLine } from './secret-prompt.js';
import type { VaultSecret } from './secrets.js';

export interface VaultOptions {
  vaultIds?: string[];
  vaultPasswordFiles?: string[];
  askVaultPass?: boolean;
}

function vaultError(message: string, hint?: string): FlotillaError {
  return new FlotillaError('FLT_VAULT', message, { hint });
}

function nonEmpty(secret: string, what: string): string {
  if (secret === '') throw vaultError(`Invalid vault password was provided from ${what}`);
  return secret;
}

function fromFile(file: string, label: string): string {
  if (isExecutable(file)) {
    const client = path.parse(file).name.endsWith('-client');
    const r = spawnSync(file, client ? ['--vault-id', label] : [], { encoding: 'utf8' });
    if (r.error) throw vaultError(`Problem running vault password script ${file} (${r.error.message})`);
    if (r.status !== 0)
      throw vaultError(`Vault password script ${file} returned non-zero (${r.status}): ${r.stderr.trim()}`);
    return nonEmpty(r.stdout.replace(/^[\r\n]+|[\r\n]+$/g, ''), `script (${file})`);
  }
  if (!existsSync(file)) throw vaultError(`The vault password file ${file} was not found`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw vaultError(`Could not read vault password file ${file}: ${(err as Error).message}`);
  }
  return nonEmpty(text.trim(), `file (${file})`);
}

/** Reads a password on the terminal without echoing it. */
async function prompt(label: string): Promise<string> {
  if (!process.stdin.isTTY)
    throw vaultError(
      'cannot ask for the vault password: stdin is not a terminal',
      'use --vault-password-file',
    );
  const question = label === 'default' ? 'Vault password: ' : `Vault password (${label}): `;
  return nonEmpty(await readHiddenLine(question), 'prompt');
}

/** The run's secrets, in the order Ansible tries them. */
export async function loadVaultSecrets(o: VaultOptions, env = process.env): Promise<VaultSecret[]> {
  const sources: { label: string; source: string }[] = [];
  for (const id of o.vaultIds ?? []) {
    const at = id.indexOf('@');
    sources.push(
      at >= 0 ? { label: id.slice(0, at), source: id.slice(at + 1) } : { label: 'default', source: id },
    );
  }
  for (const file of o.vaultPasswordFiles ?? []) sources.push({ label: 'default', source: file });
  if (o.askVaultPass) sources.push({ label: 'default', source: 'prompt' });
  if (sources.length === 0 && env.ANSIBLE_VAULT_PASSWORD_FILE)
    sources.push({ label: 'default', source: env.ANSIBLE_VAULT_PASSWORD_FILE });
  const secrets: VaultSecret[] = [];
  for (const { label, source } of sources) {
    const secret = source === 'prompt' ? await prompt(label) : fromFile(path.resolve(source), label);
    secrets.push({ label, secret });
  }
  return secrets;
}
