import { describe, expect, it } from 'vitest';
import { reservedVarNames } from '../../../src/plan/reserved-names.js';

describe('reservedVarNames', () => {
  it("finds play attributes and template globals among a play's vars, as Ansible's warn_if_reserved", () => {
    const vars = {
      name: 'x',
      tags: [],
      vars: 1,
      environment: 'prod',
      port: 80,
      range: 2,
      app_port: 1,
      with_: 0,
    };
    expect(reservedVarNames(vars)).toEqual(['environment', 'name', 'port', 'range', 'tags', 'with_']);
  });

  it('finds none in ordinary names', () => {
    expect(reservedVarNames({ app_name: 1, ports: 2, item: 3, hostvars_x: 4 })).toEqual([]);
  });
});
