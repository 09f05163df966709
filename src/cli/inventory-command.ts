/** `flotilla inventory`: the same output as ansible-inventory --list / --graph / --host. */
import type { Command } from 'commander';
import { FlotillaError } from '../errors/index.js';
import {
  loadInventory,
  renderInventoryGraph,
  renderInventoryHost,
  renderInventoryList,
  toAnsibleJson,
} from '../inventory/index.js';
import { defaultInventory } from './default-inventory.js';
import { reportError } from './exit-codes.js';

interface InventoryFlags {
  inventory: string[];
  list?: boolean;
  graph?: boolean | string;
  host?: string;
}

export function registerInventoryCommand(program: Command): void {
  program
    .command('inventory')
    .description('show an inventory as ansible-inventory does')
    .option(
      '-i, --inventory <path>',
      'inventory file, directory or host list (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--list', 'all hosts and groups with their variables, as JSON')
    .option('--graph [group]', 'the group tree (from GROUP, default all)')
    .option('--host <host>', "one host's variables, as JSON")
    .addHelpText(
      'after',
      '\nExamples:\n  flotilla inventory -i hosts.ini --list\n  flotilla inventory -i prod/ --graph web',
    )
    .action((flags: InventoryFlags) => {
      process.exitCode = inventoryCommand(flags);
    });
}

function inventoryCommand(flags: InventoryFlags): number {
  try {
    const modes = [flags.list, flags.graph, flags.host].filter((m) => m !== undefined && m !== false).length;
    if (modes !== 1) {
      throw new FlotillaError('FLT_CLI_OPTION', 'choose exactly one of --list, --graph or --host', {
        hint: 'e.g. flotilla inventory -i hosts.ini --list',
      });
    }
    const inventory = loadInventory(
      flags.inventory.length ? flags.inventory : defaultInventory((m) => process.stderr.write(m)),
    );
    let out: string;
    if (flags.list) out = toAnsibleJson(renderInventoryList(inventory));
    else if (flags.host) out = toAnsibleJson(renderInventoryHost(inventory, flags.host));
    else out = renderInventoryGraph(inventory, typeof flags.graph === 'string' ? flags.graph : 'all');
    process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
    return 0;
  } catch (err) {
    return reportError(err, (s) => process.stderr.write(s));
  }
}
