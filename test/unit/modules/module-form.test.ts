import { describe, expect, it } from 'vitest';
import { BOTH_FORMS, moduleForm } from '../../../src/modules/module-form.js';
import { getModule } from '../../../src/modules/registry.js';

describe('--modules / FLOTILLA_MODULES', () => {
  it('the flag wins over the environment; native by default; case and spaces ignored', () => {
    expect(moduleForm(undefined, {})).toBe('native');
    expect(moduleForm(undefined, { FLOTILLA_MODULES: ' Bridge ' })).toBe('bridge');
    expect(moduleForm('native', { FLOTILLA_MODULES: 'bridge' })).toBe('native');
  });

  it('refuses anything else with the way to fix it', () => {
    expect(() => moduleForm('python', {})).toThrow(/unknown module form "python"/);
  });

  it('every module with both forms has a native implementation', () => {
    for (const name of BOTH_FORMS) expect(getModule(name), name).toBeDefined();
  });
});
