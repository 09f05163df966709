/** The flotilla command line: its commands, parsed from process.argv (main.ts loads this). */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerInventoryCommand } from './inventory-command.js';
import { canonicalArgv } from './playbook-options.js';
import { registerRunCommand } from './run-command.js';
import { registerStressCommand } from './stress-command.js';

function version(): string {
  for (const rel of ['../package.json', '../../package.json', '../../../package.json']) {
    try {
      return JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')).version;
    } catch {}
  }
  return 'unknown';
}

const program = new Command('flotilla')
  .description('An Ansible-compatible playbook runner for large fleets')
  .version(`flotilla ${version()}`, '--version')
  .showHelpAfterError()
  .exitOverride((err) => {
    // commander's own usage errors (unknown option, missing argument): argparse exits 2.
    process.exit(err.exitCode === 0 ? 0 : 2);
  })
  .addHelpText(
    'after',
    '\nExamples:\n  flotilla run site.yml -i hosts.ini\n  flotilla inventory -i hosts.ini --graph\n  flotilla stress all',
  );

registerRunCommand(program);
registerInventoryCommand(program);
registerStressCommand(program);

// ansible-playbook's alias names (--key-file, --inventory-file, …) as `run` declares them.
// Not awaited at the top level (the bundle is CommonJS): a rejection is an unhandled one,
// which ends the process with the error, as before.
void program.parseAsync(canonicalArgv(process.argv));
