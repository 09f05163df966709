/**
 * pip's controller-side parsing: _recover_package_name, pkg_resources' Requirement (the plain
 * form the native module handles, with its str()), and packaging 21.3's
 * SpecifierSet.contains(version, prereleases=True), each expectation taken from
 * /usr/bin/python3's pkg_resources.
 */
import { describe, expect, it } from 'vitest';
import { parseRequirement, pipModule, recoverPackageNames } from '../../../src/modules/pip.js';
import {
  compareVersions,
  parseVersion,
  specifiersContain,
  versionString,
} from '../../../src/python/pep440.js';

describe('pip names', () => {
  it('rejoins version specifiers split by commas, as _recover_package_name does', () => {
    expect(
      recoverPackageNames(['django>1.11.1', '<1.11.3', 'ipaddress', 'simpleproject>1.1.0', '<2.0.0']),
    ).toEqual(['django>1.11.1,<1.11.3', 'ipaddress', 'simpleproject>1.1.0,<2.0.0']);
    expect(recoverPackageNames(['django>1.11.1,<1.11.3,ipaddress', 'simpleproject>1.1.0,<2.0.0'])).toEqual([
      'django>1.11.1,<1.11.3',
      'ipaddress',
      'simpleproject>1.1.0,<2.0.0',
    ]);
    expect(recoverPackageNames(['pkg[a', 'b]>=1'])).toEqual(['pkg[a,b]>=1']);
  });

  it('writes requirements as str(Requirement) does: sorted extras and specifiers, no spaces', () => {
    expect(parseRequirement('Flt_Demo>=1.0,<2')).toEqual({
      text: 'Flt_Demo<2,>=1.0',
      canonical: 'flt-demo',
      specs: [
        ['>=', '1.0'],
        ['<', '2'],
      ],
    });
    expect(parseRequirement('a>1, <=2 ,!=1.5')?.text).toBe('a!=1.5,<=2,>1');
    expect(parseRequirement('flt-demo [b, a] >= 1.0')?.text).toBe('flt-demo[a,b]>=1.0');
    expect(parseRequirement(' x==1.0 ')?.text).toBe('x==1.0');
    expect(parseRequirement('x==1.*')?.text).toBe('x==1.*');
  });

  it('leaves urls, paths, markers, parenthesised and odd specifiers to the bridge', () => {
    for (const name of [
      './x.whl',
      'flt-demo @ file:///x',
      'x; python_version>"3"',
      'x (>=1.0)',
      'x~=1',
      'x>=1.*',
      'x===1.0',
      'git+https://h/r',
    ])
      expect(parseRequirement(name), name).toBeUndefined();
    const bridge = pipModule.bridgeFor as (a: Record<string, unknown>) => boolean;
    expect(bridge({ name: ['flt-demo>=1'] })).toBe(false);
    expect(bridge({ name: 'flt-demo>=1,<2' })).toBe(false);
    expect(bridge({ name: 'flt-demo,<2' })).toBe(true);
    expect(bridge({ name: ['./x.whl'] })).toBe(true);
    expect(bridge({ name: ['x'], editable: 'yes' })).toBe(true);
    expect(bridge({ name: ['x'], umask: '0022' })).toBe(true);
    expect(bridge({ name: ['x'], extra_args: '--find-links $HOME/w' })).toBe(true);
    expect(bridge({ name: ['x'], extra_args: '--no-index' })).toBe(false);
    expect(bridge({ requirements: '~/req.txt' })).toBe(true);
    expect(bridge({ requirements: '/srv/req.txt' })).toBe(false);
    expect(bridge({ name: ['x'], version: '~=1.0' })).toBe(false);
    expect(bridge({ name: ['x'], version: ' ' })).toBe(true);
  });
});

describe('PEP 440 versions and specifiers (packaging 21.3)', () => {
  it('normalises and orders versions', () => {
    expect(versionString(parseVersion('1.0-RC1') as never)).toBe('1.0rc1');
    expect(versionString(parseVersion('v2.0.Post.1-dev3') as never)).toBe('2.0.post1.dev3');
    expect(parseVersion('not.a.version')).toBeUndefined();
    const order = ['1.0.dev1', '1.0a1', '1.0b2', '1.0rc1', '1.0', '1.0+abc', '1.0.post1', '1.1'];
    for (let i = 1; i < order.length; i++)
      expect(
        compareVersions(parseVersion(order[i - 1]) as never, parseVersion(order[i]) as never),
        order[i],
      ).toBe(-1);
    expect(compareVersions(parseVersion('1.0') as never, parseVersion('1.0.0') as never)).toBe(0);
  });

  it.each([
    ['x>=2.0', '2.0', true],
    ['x>=2.0', '1.9', false],
    ['x>=2.0', '2.0rc1', false],
    ['x>=2.0', '2.0.post1', true],
    ['x>=2.0', '10.0', true],
    ['x<2', '1.9', true],
    ['x<2', '2.0', false],
    ['x<2', '2.0a1', false],
    ['x<2', '1.0+local', true],
    ['x>1.0', '1.0.post1', false],
    ['x>1.0', '1.0+l', false],
    ['x>1.0', '1.1', true],
    ['x>1.0', '1.0', false],
    ['x==1.*', '1.0', true],
    ['x==1.*', '1.9.9', true],
    ['x==1.*', '2.0', false],
    ['x==1.*', '1.0rc1', true],
    ['x!=1.5', '1.5', false],
    ['x!=1.5', '1.5.0', false],
    ['x!=1.5', '1.6', true],
    ['x==1.0', '1.0.0', true],
    ['x==1.0', '1.0+abc', true],
    ['x==1.0', '1', true],
    ['x==1.0', '1.0.dev1', false],
    ['x~=1.4.2', '1.4.5', true],
    ['x~=1.4.2', '1.5', false],
    ['x~=1.4.2', '1.4.1', false],
    ['x~=2.2', '2.3', true],
    ['x~=2.2', '3.0', false],
    ['x~=2.2', '2.2', true],
    ['x<=2.0', '2.0+x', true],
    ['x<=2.0', '2.0.post1', false],
    ['x<2.0rc1', '2.0b1', true],
    ['x<2.0rc1', '2.0rc1', false],
    ['x', 'anything-bad', true],
    ['x', '1.0', true],
    ['x>1', 'not.a.version', false],
  ] as const)('%s contains %s: %s', (req, version, expected) => {
    const r = parseRequirement(req);
    expect(r).toBeDefined();
    expect(specifiersContain(r?.specs ?? [], version)).toBe(expected);
  });
});
