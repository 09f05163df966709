/**
 * Parity with ansible-playbook 2.14, generated (keyword-matrix.ts): every group of inheritable
 * keywords on play, roles: entries, blocks and nested blocks.
 * Whole normalised stdout at -v, exit code and files must match (see sweep-compare.ts).
 */
import { describeForms, type Form } from './keyword-matrix.js';

const FORMS: Form[] = ['play', 'roles-entry', 'block', 'nested-block'];

describeForms('fidelity: keywords passed down by plays, roles: entries and blocks', FORMS);
