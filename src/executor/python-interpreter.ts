/**
 * Which Python a module runs with on a host, as module_common._get_shebang decides it:
 * `ansible_python_interpreter` (templated), else the INTERPRETER_PYTHON setting
 * (ANSIBLE_PYTHON_INTERPRETER, default `auto`). An empty value or one of the `auto*` modes
 * means interpreter discovery (bridge/interpreter-discovery.ts), unless the host's facts
 * already hold `discovered_interpreter_python`. A local connection discovers too (Ansible does,
 * through the local shell); only a task delegated to the implicit localhost (not in the
 * inventory) runs the playbook's Python, which that host's ansible_python_interpreter names.
 * Discovery runs once per task on a host: its first module result reports the fact (and
 * the discovery's warnings), as the action plugin's _execute_module does; the strategy then
 * stores the fact with the host's others, so later tasks find it.
 */
import { type DiscoveryMode, discoverInterpreter, isDiscoveryMode } from '../bridge/interpreter-discovery.js';
import type { Transport } from '../connection/transport.js';
import { PLAYBOOK_PYTHON } from '../inventory/playbook-python.js';
import type { TaskResult } from '../output/events.js';

export const DISCOVERED_FACT = 'discovered_interpreter_python';

/** What one task on one host learnt by discovery (shared by its loop items). */
export interface TaskDiscovery {
  interpreter?: string;
}

export interface InterpreterChoice {
  interpreter: string;
  /** Set when this call ran discovery: the fact and warnings its result reports. */
  discovered?: { interpreter: string; warnings: string[]; reportFact: boolean };
}

export interface InterpreterInputs {
  /** The variables of the host the module runs on (the delegate's when delegated). */
  vars: Record<string, unknown> | undefined;
  render(value: unknown): unknown;
  /** The name discovery's warnings use. */
  hostName: string;
  /** Delegated to localhost or 127.0.0.1 that the inventory does not hold (the implicit localhost). */
  implicitController: boolean;
  /** Delegated without delegate_facts: the fact is not the task host's to report. */
  delegated: boolean;
}

/** The configured value: a path, or the discovery mode. */
export function interpreterSetting(
  vars: Record<string, unknown> | undefined,
  render: (value: unknown) => unknown,
): { path: string } | { mode: DiscoveryMode } {
  const raw = vars?.ansible_python_interpreter ?? process.env.ANSIBLE_PYTHON_INTERPRETER ?? 'auto';
  const value = raw === null ? '' : String(render(raw)).trim();
  if (value === '') return { mode: 'auto' };
  return isDiscoveryMode(value) ? { mode: value } : { path: value };
}

export async function chooseInterpreter(
  inputs: InterpreterInputs,
  transport: Transport,
  task: TaskDiscovery,
): Promise<InterpreterChoice> {
  if (inputs.implicitController)
    return { interpreter: String(inputs.vars?.ansible_playbook_python ?? PLAYBOOK_PYTHON) };
  const setting = interpreterSetting(inputs.vars, inputs.render);
  if ('path' in setting) return { interpreter: setting.path };
  const facts = inputs.vars?.ansible_facts as Record<string, unknown> | undefined;
  const known = facts?.[DISCOVERED_FACT];
  if (typeof known === 'string' && known !== '') return { interpreter: known };
  if (task.interpreter) return { interpreter: task.interpreter };
  const found = await discoverInterpreter(transport, inputs.hostName, setting.mode);
  task.interpreter = found.interpreter;
  return {
    interpreter: found.interpreter,
    discovered: { interpreter: found.interpreter, warnings: found.warnings, reportFact: !inputs.delegated },
  };
}

/** _execute_module's propagation: the discovered fact and discovery's warnings on the result. */
export function reportDiscovery(result: TaskResult, choice: InterpreterChoice): TaskResult {
  const found = choice.discovered;
  if (!found) return result;
  if (found.reportFact) {
    const facts = (result.ansible_facts ?? {}) as Record<string, unknown>;
    result.ansible_facts = { ...facts, [DISCOVERED_FACT]: found.interpreter };
  }
  if (found.warnings.length > 0)
    result.warnings = [...((result.warnings as unknown[] | undefined) ?? []), ...found.warnings];
  return result;
}
