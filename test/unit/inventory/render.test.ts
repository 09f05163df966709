import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadInventory,
  renderInventoryGraph,
  renderInventoryHost,
  renderInventoryList,
  toAnsibleJson,
} from '../../../src/inventory/index.js';
import { FIXTURES, tempTree, thrown } from './helpers.js';

describe('ansible-inventory renderers', () => {
  const dir = tempTree({
    hosts: 'loose\n[web]\nw1 a=1\n[app:children]\nweb\n[empty]\n[lonely:children]\nempty\n',
  });
  const inv = loadInventory([join(dir, 'hosts')]);

  it('--graph draws the tree exactly as ansible-inventory', () => {
    expect(renderInventoryGraph(inv)).toBe(
      [
        '@all:',
        '  |--@ungrouped:',
        '  |  |--loose',
        '  |--@app:',
        '  |  |--@web:',
        '  |  |  |--w1',
        '  |--@lonely:',
        '  |  |--@empty:',
      ].join('\n'),
    );
    expect(renderInventoryGraph(inv, 'app')).toBe('@app:\n  |--@web:\n  |  |--w1');
    expect(thrown(() => renderInventoryGraph(inv, 'nope')).code).toBe('FLT_INVENTORY_GRAPH_GROUP');
  });

  it('--list omits empty groups but keeps them as children, and drops internal vars', () => {
    expect(renderInventoryList(inv)).toEqual({
      _meta: { hostvars: { w1: { a: 1 } } },
      all: { children: ['ungrouped', 'app', 'lonely'] },
      ungrouped: { hosts: ['loose'] },
      app: { children: ['web'] },
      web: { hosts: ['w1'] },
      lonely: { children: ['empty'] },
    });
  });

  it('--host shows merged vars without inventory_file/inventory_dir', () => {
    const nested = loadInventory([join(FIXTURES, 'nested')]);
    const vars = renderInventoryHost(nested, 'db01');
    expect(vars).not.toHaveProperty('inventory_file');
    expect(vars.ansible_port).toBe(6543);
  });

  it('writes JSON with sorted keys and 4-space indent', () => {
    expect(toAnsibleJson({ b: 1, a: { d: [1], c: null } })).toBe(
      '{\n    "a": {\n        "c": null,\n        "d": [\n            1\n        ]\n    },\n    "b": 1\n}',
    );
  });
});
