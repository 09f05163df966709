/**
 * Parity with ansible-playbook 2.14, generated (keyword-matrix.ts): every group of inheritable
 * keywords on import_tasks (nested too) and import_role, which pass a keyword down to every task they import.
 * Whole normalised stdout at -v, exit code and files must match (see sweep-compare.ts).
 */
import { describeForms, type Form } from './keyword-matrix.js';

const FORMS: Form[] = ['import_tasks', 'nested-import_tasks', 'import_role'];

describeForms('fidelity: keywords passed down by imports', FORMS);
