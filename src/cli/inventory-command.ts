/**
 * `flotilla inventory`: the same output as ansible-inventory --list / --graph / --host,
 * with its output options (-y, --vars, --export, --output) and -e / --playbook-dir.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { FlotillaError } from '../errors/index.js';
import {
  type Inventory,
  loadInventory,
  loadPlaybookVarsLayer,
  type RenderOptions,
  renderInventoryGraph,
  renderInventoryHost,
  renderInventoryList,
  renderInventoryYaml,
  selectHosts,
  toAnsibleJson,
  toAnsibleYaml,
  unmatchedPatternWarning,
} from '../inventory/index.js';
import { Display } from '../output/display.js';
import { INVENTORY_PLUGINS } from '../run/inventory-plugins.js';
import { defaultInventory } from './default-inventory.js';
import { reportError } from './exit-codes.js';
import { parseExtraVars } from './extra-vars.js';

interface InventoryFlags {
  inventory: string[];
  list?: boolean;
  graph?: boolean | string;
  host?: string;
  yaml?: boolean;
  toml?: boolean;
  vars?: boolean;
  export?: boolean;
  output?: string;
  extraVars: string[];
  playbookDir?: string;
}

const collect = (v: string, acc: string[]): string[] => [...acc, v];

export function registerInventoryCommand(program: Command): void {
  program
    .command('inventory')
    .description('show an inventory as ansible-inventory does')
    .argument('[pattern]', 'the group to start --graph from (default all)')
    .option('-i, --inventory <path>', 'inventory file, directory or host list (repeatable)', collect, [])
    .option('--list', 'all hosts and groups with their variables, as JSON')
    .option('--graph [group]', 'the group tree (from GROUP, default all)')
    .option('--host <host>', "one host's variables, as JSON")
    .option('-y, --yaml', 'YAML instead of JSON (--list and --host)')
    .option('--toml', 'TOML output (not supported)')
    .option('--vars', "with --graph: show each host's and group's variables")
    .option('--export', 'with --list: group vars under each group, hosts with only their own vars')
    .option('--output <file>', 'write the --list/--host output to FILE instead of the screen')
    .option(
      '-e, --extra-vars <vars>',
      'extra variables, key=value, YAML/JSON or @file (repeatable)',
      collect,
      [],
    )
    .option('--playbook-dir <dir>', 'also read group_vars/ and host_vars/ beside DIR')
    .option('-v, --verbose', 'accepted for compatibility')
    .addHelpText(
      'after',
      '\nExamples:\n  flotilla inventory -i hosts.ini --list\n  flotilla inventory -i prod/ --graph web',
    )
    .action((pattern: string | undefined, flags: InventoryFlags) => {
      process.exitCode = inventoryCommand(pattern, flags);
    });
}

function inventoryCommand(pattern: string | undefined, flags: InventoryFlags): number {
  const display = new Display({
    write: (s) => process.stdout.write(s),
    writeErr: (s) => process.stderr.write(s),
    color: false,
  });
  try {
    const modes = [flags.list, flags.graph, flags.host].filter((m) => m !== undefined && m !== false).length;
    if (modes === 0) {
      throw new FlotillaError(
        'FLT_CLI_ACTION',
        'No action selected, at least one of --host, --graph or --list needs to be specified.',
        { hint: 'e.g. flotilla inventory -i hosts.ini --list' },
      );
    }
    if (modes > 1) {
      throw new FlotillaError(
        'FLT_CLI_ACTION',
        'Conflicting options used, only one of --host, --graph or --list can be used at the same time.',
      );
    }
    if (flags.toml) {
      throw new FlotillaError('FLT_CLI_TOML', 'TOML output is not supported', { hint: 'use --yaml or JSON' });
    }
    const extraVars = parseExtraVars(flags.extraVars);
    const inventory = loadInventory(
      flags.inventory.length ? flags.inventory : defaultInventory((m) => process.stderr.write(m)),
      { plugins: INVENTORY_PLUGINS },
    );
    for (const w of inventory.warnings ?? []) display.warning(w);
    const options: RenderOptions = {
      export: flags.export,
      extraVars,
      playbookLayers: flags.playbookDir ? [loadPlaybookVarsLayer(flags.playbookDir, inventory)] : undefined,
    };
    const dump = flags.yaml ? toAnsibleYaml : toAnsibleJson;
    let out: string;
    if (flags.list) {
      out = dump(
        flags.yaml ? renderInventoryYaml(inventory, options) : renderInventoryList(inventory, options),
      );
    } else if (flags.host) {
      out = dump(renderInventoryHost(inventory, singleHost(inventory, flags.host, display), options));
    } else {
      const group = typeof flags.graph === 'string' ? flags.graph : (pattern ?? 'all');
      if (!inventory.groups.has(group)) {
        throw new FlotillaError(
          'FLT_CLI_GRAPH_GROUP',
          'Pattern must be valid group name when using --graph',
          {
            hint: `${group} is not a group`,
          },
        );
      }
      out = renderInventoryGraph(inventory, group, { ...options, vars: flags.vars });
    }
    if (flags.output) writeOutput(flags.output, out);
    else process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
    return 0;
  } catch (err) {
    return reportError(err, (s) => process.stderr.write(s));
  }
}

/** --host takes a pattern that must select exactly one host (implicit localhost included). */
function singleHost(inventory: Inventory, pattern: string, display: Display): string {
  const hosts = selectHosts(inventory, pattern, {
    onUnmatched: (p) => display.warning(unmatchedPatternWarning(p)),
  });
  if (hosts.length !== 1) {
    throw new FlotillaError('FLT_CLI_HOST', 'You must pass a single valid host to --host parameter', {
      hint: hosts.length ? `${pattern} matches ${hosts.length} hosts` : undefined,
    });
  }
  return hosts[0];
}

function writeOutput(file: string, text: string): void {
  try {
    // The dump itself, without the newline display() adds on screen.
    writeFileSync(file, text);
  } catch (err) {
    throw new FlotillaError(
      'FLT_CLI_OUTPUT',
      `Unable to write to destination file (${file}): ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}
