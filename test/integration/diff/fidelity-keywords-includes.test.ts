/**
 * Parity with ansible-playbook 2.14, generated (keyword-matrix.ts): every group of inheritable
 * keywords on include_tasks / include_role with `apply:` and a block around an include: the included tasks inherit from the include's parent and from `apply:`.
 * Whole normalised stdout at -v, exit code and files must match (see sweep-compare.ts).
 */
import { describeForms, type Form } from './keyword-matrix.js';

const FORMS: Form[] = [
  'include_tasks-apply',
  'include_role-apply',
  'block-around-include_tasks',
  'block-around-include_role',
];

describeForms('fidelity: keywords passed down to dynamic includes', FORMS);
