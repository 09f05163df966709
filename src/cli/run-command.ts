/** `flotilla run`: ansible-playbook's options, the three listing modes, and execution. */
import path from 'node:path';
import { type Command, Option } from 'commander';
import { moduleCatalog } from '../bridge/catalog.js';
import { addPlaybookCollections } from '../bridge/resolve.js';
import { pluginOption, settingIfSet } from '../config/ansible-cfg.js';
import { configFileInUse } from '../config/find-config.js';
import { memoryTarget } from '../connection/memory-budget.js';
import { FlotillaError } from '../errors/index.js';
import {
  applyLimit,
  checkLimitLeavesHosts,
  loadInventory,
  selectHosts,
  unmatchedPatternWarning,
} from '../inventory/index.js';
import { moduleForm } from '../modules/module-form.js';
import { aggregateCallbacks } from '../output/aggregate-callbacks.js';
import { shouldUseColor } from '../output/colors.js';
import { Display } from '../output/display.js';
import { createReporter } from '../output/reporter.js';
import type { ResultFormat } from '../output/result-display.js';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from '../plan/options.js';
import { listenForLoadDeprecations, loadPlaybook, renderListing } from '../playbook/index.js';
import { checkPlaybookRoles } from '../playbook/role-tree.js';
import { discardPrestartedPool } from '../pool/prestart.js';
import { INVENTORY_PLUGINS } from '../run/inventory-plugins.js';
import { EXIT, startRun } from '../run/run-playbooks.js';
import { STRATEGY_NAMES, strategyNamed } from '../strategy/registry.js';
import { loadVaultSecrets } from '../vault/password-source.js';
import { setVaultSecrets } from '../vault/secrets.js';
import { loadPasswords } from './become-password.js';
import { defaultInventory } from './default-inventory.js';
import { reportError } from './exit-codes.js';
import { parseExtraVars } from './extra-vars.js';
import { refuseUnsupported } from './playbook-options.js';

interface RunFlags {
  inventory: string[];
  extraVars: string[];
  forks?: string;
  limit?: string;
  tags: string[];
  skipTags: string[];
  check?: boolean;
  diff?: boolean;
  verbose: number;
  user?: string;
  privateKey?: string;
  connection?: string;
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: string;
  askBecomePass?: boolean;
  /** --become-password-file (commander names it after the second long flag). */
  becomePassFile?: string;
  askPass?: boolean;
  connectionPasswordFile?: string;
  sshCommonArgs?: string;
  sshExtraArgs?: string;
  /** Accepted: facts live in memory for one run only, so there is no fact cache to clear. */
  flushCache?: boolean;
  /** Refused (playbook-options.ts). */
  step?: boolean;
  modulePath?: string;
  sftpExtraArgs?: string;
  scpExtraArgs?: string;
  startAtTask?: string;
  vaultId: string[];
  vaultPasswordFile: string[];
  askVaultPass?: boolean;
  timeout?: string;
  syntaxCheck?: boolean;
  listHosts?: boolean;
  listTasks?: boolean;
  listTags?: boolean;
  strategy?: string;
  forceHandlers?: boolean;
  workers?: string;
  modules?: string;
  memoryTarget?: string;
  json?: boolean;
  profile?: boolean;
}

const collect = (v: string, acc: string[]) => [...acc, v];
const collectTags = (v: string, acc: string[]) => [
  ...acc,
  ...v
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean),
];

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run Ansible playbooks against an inventory')
    .argument('<playbook...>', 'playbook files')
    .option(
      '-i, --inventory <path>',
      'inventory file, directory or host list "a,b," (repeatable; alias --inventory-file)',
      collect,
      [],
    )
    .option('-e, --extra-vars <vars>', 'extra variables: k=v, YAML/JSON, or @file (repeatable)', collect, [])
    .option(
      '-f, --forks <n>',
      `host-tasks in flight across all workers (default ${DEFAULT_RUN_OPTIONS.forks})`,
    )
    .option('-l, --limit <pattern>', 'further limit hosts to a pattern or @file')
    .option(
      '-t, --tags <tags>',
      'only run tasks tagged with these (repeatable, comma-separated)',
      collectTags,
      [],
    )
    .option('--skip-tags <tags>', 'skip tasks tagged with these', collectTags, [])
    .option('-C, --check', 'change nothing; report what would change')
    .option('-D, --diff', 'show the differences in changed files')
    .option('-v, --verbose', 'more detail (-vvv for even more)', (_v: string, n: number) => n + 1, 0)
    .option('-u, --user <user>', 'connect as this user')
    .option('-k, --ask-pass', 'ask for the connection (ssh) password')
    .addOption(
      new Option(
        '--connection-password-file <file>',
        'connection password file (alias --conn-pass-file), an executable printing it, or - for stdin',
      ).conflicts('askPass'),
    )
    .option(
      '--ssh-common-args <args>',
      'ssh arguments for hosts without ansible_ssh_common_args (-o options)',
    )
    .option('--ssh-extra-args <args>', 'ssh arguments for hosts without ansible_ssh_extra_args (-o options)')
    .option('--sftp-extra-args <args>', 'refused: flotilla never runs sftp')
    .option('--scp-extra-args <args>', 'refused: flotilla never runs scp')
    .option('-c, --connection <type>', 'connection type for hosts that set none: ssh or local')
    .option('-b, --become', 'run tasks with become (sudo) unless a play, block or task says otherwise')
    .option('--become-user <user>', 'the user to become (default root)')
    .option('--become-method <method>', 'sudo or su')
    .option('-K, --ask-become-pass', 'ask for the become (sudo/su) password')
    .addOption(
      new Option(
        '--become-password-file, --become-pass-file <file>',
        'become password file, an executable printing it, or - for stdin',
      ).conflicts('askBecomePass'),
    )
    .option('--start-at-task <name>', 'start the playbook at the first task with this name (or glob)')
    .option('--vault-id <id>', 'vault identity: [label@]FILE, or [label@]prompt (repeatable)', collect, [])
    .option(
      '--vault-password-file <file>',
      'vault password file, or an executable printing it (repeatable; alias --vault-pass-file)',
      collect,
      [],
    )
    .addOption(
      new Option('-J, --ask-vault-pass', 'ask for the vault password (alias --ask-vault-password)').conflicts(
        'vaultPasswordFile',
      ),
    )
    .option('--private-key <file>', 'use this private key file (alias --key-file)')
    .option('-T, --timeout <seconds>', 'connection timeout (default 10)')
    .option('--syntax-check', 'check the playbook syntax and exit')
    .option('--list-hosts', 'list the hosts each play would run on and exit')
    .option('--list-tasks', 'list the tasks each play would run and exit')
    .option('--list-tags', 'list the tags of each play and exit')
    .option('--force-handlers', 'run handlers even if a task fails')
    .option('--flush-cache', 'clear the fact cache (flotilla keeps facts for one run only: nothing to clear)')
    .option('--step', 'refused: flotilla cannot confirm each task on the terminal')
    .option(
      '-M, --module-path <path>',
      "module library dirs (colon-separated), searched after the playbooks' library/ dirs",
    )
    .option('--strategy <name>', 'linear, free or host_pinned (overrides the plays; also ANSIBLE_STRATEGY)')
    .option('--workers <n>', 'worker threads (default: cores, at most the number of hosts)')
    .option(
      '--modules <form>',
      'native (default) or bridge: how modules flotilla has in both forms run (also FLOTILLA_MODULES)',
    )
    .option(
      '--memory-target <size>',
      'memory the run may use (e.g. 1G, 768M): beyond what fits, idle connections are closed and reopened when needed (default: a quarter of RAM, at most 1G; also FLOTILLA_MEMORY_TARGET)',
    )
    .option('--json', 'print one JSON event per line (also FLOTILLA_STDOUT_CALLBACK=json)')
    .option('--profile', 'print the slowest tasks and hosts at the end')
    .addHelpText(
      'after',
      `
Examples:
  flotilla run site.yml -i inventory.ini
  flotilla run site.yml -i prod/ -l 'web:&eu' -t deploy -e version=1.2.3 -f 100
  flotilla run site.yml -i inventory.ini --check --diff
  flotilla run site.yml -i inventory.ini --list-tasks`,
    )
    .action(async (playbooks: string[], flags: RunFlags) => {
      process.exitCode = await runCommand(playbooks, flags);
      // A listing, or an error before the run started its pool, leaves main.ts's worker unused.
      discardPrestartedPool();
    });
}

/**
 * The option defaults ansible-playbook takes from its settings (C.DEFAULT_FORKS, …), which
 * ANSIBLE_* variables and ansible.cfg set; as argparse's `append`, tags add to TAGS_RUN's.
 */
function withSettingDefaults(flags: RunFlags): RunFlags {
  const text = (name: string) => {
    const v = settingIfSet(name);
    return v === undefined || v === null ? undefined : String(v);
  };
  const flag = (name: string) => settingIfSet(name) as boolean | undefined;
  const list = (name: string) => (settingIfSet(name) as string[] | undefined) ?? [];
  return {
    ...flags,
    forks: flags.forks ?? text('DEFAULT_FORKS'),
    timeout: flags.timeout ?? text('DEFAULT_TIMEOUT'),
    user: flags.user ?? text('DEFAULT_REMOTE_USER'),
    privateKey: flags.privateKey ?? text('DEFAULT_PRIVATE_KEY_FILE'),
    connection: flags.connection ?? text('DEFAULT_TRANSPORT'),
    become: flags.become ?? flag('DEFAULT_BECOME'),
    becomeUser: flags.becomeUser ?? text('DEFAULT_BECOME_USER'),
    becomeMethod: flags.becomeMethod ?? text('DEFAULT_BECOME_METHOD'),
    askPass: flags.askPass ?? flag('DEFAULT_ASK_PASS'),
    askBecomePass: flags.askBecomePass ?? flag('DEFAULT_BECOME_ASK_PASS'),
    askVaultPass: flags.askVaultPass ?? flag('DEFAULT_ASK_VAULT_PASS'),
    diff: flags.diff ?? flag('DIFF_ALWAYS'),
    forceHandlers: flags.forceHandlers ?? flag('DEFAULT_FORCE_HANDLERS'),
    tags: [...list('TAGS_RUN'), ...flags.tags],
    skipTags: [...list('TAGS_SKIP'), ...flags.skipTags],
    vaultId: [...list('DEFAULT_VAULT_IDENTITY_LIST'), ...flags.vaultId],
  };
}

async function runCommand(playbookArgs: string[], given: RunFlags): Promise<number> {
  const writeErr = (s: string) => process.stderr.write(s);
  let options: RunOptions;
  let flags = given;
  try {
    flags = withSettingDefaults(given);
    // As ansible-playbook: the become password is asked first, then the vault's.
    const listing = flags.syntaxCheck || flags.listHosts || flags.listTasks || flags.listTags;
    refuseUnsupported(flags as unknown as Record<string, unknown>);
    // CLI.run, before anything else: at -v, the config file the run reads (JSON lines excepted).
    if (flags.verbose >= 1 && !jsonOutput(flags)) {
      const file = configFileInUse();
      process.stdout.write(
        file ? `Using ${file} as config file\n` : 'No config file found; using defaults\n',
      );
    }
    // As ansible-playbook: each playbook's dir (its library/), then -M's dirs, before parsing.
    for (const p of playbookArgs) moduleCatalog().addPluginDirs(path.dirname(path.resolve(p)));
    for (const dir of (flags.modulePath ?? '').split(':').filter(Boolean)) moduleCatalog().addModuleDir(dir);
    const passwords = listing
      ? {}
      : await loadPasswords({
          askPass: flags.askPass,
          connectionPasswordFile: flags.connectionPasswordFile,
          askBecomePass: flags.askBecomePass,
          becomePasswordFile: flags.becomePassFile,
        });
    // Before anything is loaded: any file or `!vault` value read from here on may be vaulted.
    const vaultSecrets = await loadVaultSecrets({
      vaultIds: flags.vaultId,
      vaultPasswordFiles: flags.vaultPasswordFile,
      askVaultPass: flags.askVaultPass,
    });
    setVaultSecrets(vaultSecrets);
    options = {
      ...toRunOptions(playbookArgs, flags),
      vaultSecrets,
      becomePassword: passwords.become,
      connectionPassword: passwords.connection,
    };
    if (listing) return listOrCheck(options, flags, playbookArgs);
  } catch (err) {
    return reportError(err, writeErr);
  }
  const json = jsonOutput(flags);
  const isTTY = Boolean(process.stdout.isTTY);
  const reporter = createReporter({
    kind: json ? 'json' : isTTY ? 'progress' : 'default',
    verbosity: options.verbosity,
    write: (s) => process.stdout.write(s),
    writeErr,
    isTTY,
    color: shouldUseColor(isTTY, process.env),
    profile: flags.profile,
    columns: process.stdout.columns,
    displaySkippedHosts: pluginOption('callback.default', 'display_skipped_hosts') as boolean,
    displayOkHosts: pluginOption('callback.default', 'display_ok_hosts') as boolean,
    resultFormat: resultFormat(writeErr),
    aggregate: aggregateCallbacks((settingIfSet('CALLBACKS_ENABLED') as string[] | undefined) ?? [], (m) =>
      writeErr(`[WARNING]: ${m}\n`),
    ),
  });
  const handle = startRun(options, (e) => reporter.handle(e));
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = signal;
    // ansible-playbook: Ctrl-C prints this and exits 99; SIGTERM kills it silently.
    if (signal === 'SIGINT') reporter.handle({ type: 'interrupted' });
    // Whatever happens, be gone within 5 s of the signal.
    setTimeout(() => exitAsAnsible(signal), 5000).unref();
    void handle.interrupt();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let code: number;
  try {
    code = await handle.done;
  } catch (err) {
    code = reportError(err, writeErr);
  } finally {
    reporter.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (signalled) exitAsAnsible(signalled);
  return code;
}

/** One JSON event per line on stdout (--json, FLOTILLA_STDOUT_CALLBACK=json). */
function jsonOutput(flags: RunFlags): boolean {
  return Boolean(flags.json) || process.env.FLOTILLA_STDOUT_CALLBACK === 'json';
}

/** The stdout callbacks whose output flotilla prints (ansible.cfg's stdout_callback). */
const STDOUT_CALLBACKS: ReadonlyMap<string, 'default' | 'yaml' | 'debug'> = new Map([
  ['default', 'default'],
  ['ansible.builtin.default', 'default'],
  ['ansible.legacy.default', 'default'],
  ['yaml', 'yaml'],
  ['community.general.yaml', 'yaml'],
  ['debug', 'debug'],
  ['ansible.posix.debug', 'debug'],
  ['community.general.debug', 'debug'],
]);

/**
 * How results print: the stdout callback ANSIBLE_STDOUT_CALLBACK or ansible.cfg names, and
 * the default callback's result_format and pretty_results.
 */
function resultFormat(writeErr: (s: string) => void): ResultFormat {
  const name = String(settingIfSet('DEFAULT_STDOUT_CALLBACK') ?? 'default');
  const callback = STDOUT_CALLBACKS.get(name);
  if (!callback)
    writeErr(
      `[WARNING]: flotilla prints the default callback's output: the stdout callback "${name}" is not implemented\n`,
    );
  if (callback === 'yaml' || callback === 'debug') return { format: 'json', pretty: null, callback };
  // result_format and pretty_results are the default callback's options
  const pretty = pluginOption('callback.default', 'pretty_results');
  return {
    format: pluginOption('callback.default', 'result_format') === 'yaml' ? 'yaml' : 'json',
    pretty: typeof pretty === 'boolean' ? pretty : null,
  };
}

/**
 * Ends an interrupted run as ansible-playbook ends: 99 after Ctrl-C; after SIGTERM, death
 * by that signal (a shell reports 143), which needs our handler gone first.
 */
function exitAsAnsible(signal: NodeJS.Signals): void {
  if (signal === 'SIGINT') process.exit(EXIT.interrupted);
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
}

function listOrCheck(options: RunOptions, flags: RunFlags, asGiven: string[]): number {
  const inventory = loadInventory(options.inventories, { strict: true, plugins: INVENTORY_PLUGINS });
  const warned = new Set<string>();
  const warn = (message: string) => {
    if (!warned.has(message)) process.stderr.write(`[WARNING]: ${message}\n`);
    warned.add(message);
  };
  for (const message of inventory.warnings ?? []) warn(message);
  const onUnmatched = (pattern: string) => warn(unmatchedPatternWarning(pattern));
  checkLimitLeavesHosts(inventory, options.limit, { onUnmatched });
  // Load-time deprecations go to stderr, as ansible-playbook prints them with these options too.
  const display = new Display({
    write: (s) => process.stdout.write(s),
    writeErr: (s) => process.stderr.write(s),
    color: false,
    columns: process.stdout.columns,
  });
  const stopListening = listenForLoadDeprecations((d) =>
    display.deprecated(d.msg, d.version, d.date, d.collection),
  );
  addPlaybookCollections(options.playbooks.map((file) => path.dirname(path.resolve(file))));
  try {
    for (const [i, file] of asGiven.entries()) {
      const playbook = loadPlaybook(options.playbooks[i]);
      checkPlaybookRoles(playbook);
      // VariableManager.get_vars(play) lists each play's hosts, which warns of a pattern that
      // matches nothing, in every listing mode (a templated pattern is left to the run)
      for (const play of playbook.plays)
        if (!/\{\{|\{%/.test(play.hosts)) selectHosts(inventory, play.hosts, { onUnmatched });
      if (flags.syntaxCheck) {
        // Ansible loads the static imports (import_tasks, import_role) with the playbook: their
        // errors fail the check too, as walking them for a listing finds them
        renderListing(playbook, { playbookPath: file, listTasks: true });
        process.stdout.write(`\nplaybook: ${file}\n`);
        continue;
      }
      const select = (pattern: string) => {
        const hosts = selectHosts(inventory, pattern, { onUnmatched });
        return options.limit ? applyLimit(inventory, hosts, options.limit, { onUnmatched }) : hosts;
      };
      process.stdout.write(
        renderListing(playbook, {
          playbookPath: file,
          tags: options.tags,
          skipTags: options.skipTags,
          selectHosts: flags.listHosts ? select : undefined,
          listTasks: flags.listTasks,
          listTags: flags.listTags,
        }),
      );
    }
  } finally {
    stopListening();
  }
  return 0;
}

function cliKeywordDefaults(flags: RunFlags): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (flags.connection !== undefined) out.connection = flags.connection;
  if (flags.become) out.become = true;
  if (flags.becomeUser !== undefined) out.become_user = flags.becomeUser;
  if (flags.becomeMethod !== undefined) out.become_method = flags.becomeMethod;
  return Object.keys(out).length > 0 ? out : undefined;
}

function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new FlotillaError('FLT_CLI_OPTION', `${option} must be a positive integer, got "${value}"`, {
      hint: `e.g. ${option} 10`,
    });
  }
  return n;
}

function toRunOptions(playbooks: string[], flags: RunFlags): RunOptions {
  const strategy = flags.strategy ?? process.env.ANSIBLE_STRATEGY;
  if (strategy !== undefined && !strategyNamed(strategy)) {
    throw new FlotillaError('FLT_CLI_OPTION', `unknown strategy "${strategy}"`, {
      hint: `use --strategy with one of ${STRATEGY_NAMES.join(', ')}`,
    });
  }
  const timeout = Number(flags.timeout ?? 10);
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new FlotillaError(
      'FLT_CLI_OPTION',
      `--timeout must be a positive number of seconds, got "${flags.timeout}"`,
    );
  const inventories = flags.inventory.length
    ? flags.inventory
    : defaultInventory((m) => process.stderr.write(m));
  return {
    ...DEFAULT_RUN_OPTIONS,
    playbooks: playbooks.map((p) => path.resolve(p)),
    inventories,
    extraVars: parseExtraVars(flags.extraVars),
    forks: positiveInt(flags.forks, '--forks') ?? DEFAULT_RUN_OPTIONS.forks,
    limit: flags.limit,
    tags: flags.tags,
    skipTags: flags.skipTags,
    check: Boolean(flags.check),
    diff: Boolean(flags.diff),
    verbosity: flags.verbose,
    user: flags.user,
    privateKeyFile: flags.privateKey,
    sshCommonArgs: flags.sshCommonArgs,
    sshExtraArgs: flags.sshExtraArgs,
    // ansible-playbook's -c/-b/--become-*: the defaults every play's keywords start from.
    keywordDefaults: cliKeywordDefaults(flags),
    startAtTask: flags.startAtTask,
    connectTimeoutMs: timeout * 1000,
    strategy,
    forceHandlers: flags.forceHandlers,
    workers: positiveInt(flags.workers, '--workers'),
    moduleForm: moduleForm(flags.modules),
    memoryTargetBytes: memoryTarget(flags.memoryTarget),
  };
}
