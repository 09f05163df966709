import { describe, expect, it } from 'vitest';
import { errorOf, makeValue } from '../helpers.js';

const value = makeValue();

// Expected values and messages were printed by ansible-playbook 2.14 (debug msg) on the same input.
describe('size and math filters', () => {
  it.each([
    ['{{ 1048576 | human_readable }}', '1.00 MB'],
    ['{{ 1048576 | human_readable(isbits=True) }}', '1.00 Mb'],
    ["{{ 1048576 | human_readable(unit='G') }}", '0.00 GB'],
    ['{{ 1000 | human_readable }}', '1000.00 Bytes'],
    ['{{ 0 | human_readable }}', '0.00 Bytes'],
    ['{{ 1.5 | human_readable }}', '1.50 Bytes'],
    ['{{ -5 | human_readable }}', '-5.00 Bytes'],
    ["{{ 10 | human_readable(unit='x') }}", '10.00 Bytes'],
    ["{{ '1K' | human_to_bytes }}", 1024],
    ["{{ '1.5 MB' | human_to_bytes }}", 1572864],
    ["{{ '10' | human_to_bytes }}", 10],
    ["{{ '10' | human_to_bytes('M') }}", 10485760],
    ["{{ 10 | human_to_bytes('K') }}", 10240],
    ["{{ '1Mb' | human_to_bytes(isbits=True) }}", 1048576],
    ["{{ '2 bytes' | human_to_bytes }}", 2],
    ["{{ '2.5' | human_to_bytes }}", 2],
    ["{{ '0.5' | human_to_bytes }}", 0],
    ["{{ '1.5K' | human_to_bytes }}", 1536],
    ["{{ '3 kilobytes' | ansible.builtin.human_to_bytes }}", 3072],
  ])('%s', (template, expected) => {
    expect(value(template)).toEqual(expected);
  });

  it.each([
    ['{{ 100 | log }}', '4.605170185988092'],
    ['{{ 100 | log(10) }}', '2.0'],
    ['{{ 8 | log(2) }}', '3.0'],
    ['{{ 1 | log }}', '0.0'],
    ['{{ 2 | pow(10) }}', '1024.0'],
    ['{{ 2 | pow(0.5) }}', '1.4142135623730951'],
    ['{{ 16 | root }}', '4.0'],
    ['{{ 27 | root(3) }}', '3.0'],
  ])('%s prints %s (always a float)', (template, expected) => {
    expect(String(value(`{{ (${template.slice(3, -3)}) | string }}`))).toBe(expected);
  });

  it.each([
    [
      "{{ 'garbage' | human_to_bytes }}",
      'FLT_TEMPLATE_FILTER',
      "human_to_bytes() can't interpret following string: garbage",
    ],
    [
      "{{ '1MB' | human_to_bytes(isbits=True) }}",
      'FLT_TEMPLATE_FILTER',
      "human_to_bytes() can't interpret following string: 1MB",
    ],
    [
      "{{ '1Mb' | human_to_bytes }}",
      'FLT_TEMPLATE_FILTER',
      "human_to_bytes() can't interpret following string: 1Mb",
    ],
    [
      "{{ '2 Q' | human_to_bytes }}",
      'FLT_TEMPLATE_FILTER',
      "human_to_bytes() can't interpret following string: 2 Q",
    ],
    [
      "{{ '' | human_to_bytes }}",
      'FLT_TEMPLATE_FILTER',
      "human_to_bytes() can't interpret following string: ",
    ],
    [
      '{{ none | human_to_bytes }}',
      'FLT_TEMPLATE_FILTER',
      "human_to_bytes() can't interpret following string: None",
    ],
    [
      "{{ 'x' | human_readable }}",
      'FLT_TEMPLATE_TYPE',
      "human_readable() failed on bad input: '>=' not supported between instances of 'str' and 'int'",
    ],
    [
      "{{ 'x' | log }}",
      'FLT_TEMPLATE_TYPE',
      'log() can only be used on numbers: must be real number, not str',
    ],
    [
      "{{ '2' | pow(2) }}",
      'FLT_TEMPLATE_TYPE',
      'pow() can only be used on numbers: must be real number, not str',
    ],
    ['{{ -4 | root }}', 'FLT_TEMPLATE_TYPE', 'root() can only be used on numbers: math domain error'],
    ['{{ 0 | log }}', 'FLT_TEMPLATE_VALUE', 'math domain error'],
    ['{{ -8 | pow(0.5) }}', 'FLT_TEMPLATE_VALUE', 'math domain error'],
    ['{{ 10 | log(1) }}', 'FLT_TEMPLATE_EXCEPTION', 'ZeroDivisionError: float division by zero'],
    ['{{ 10 | pow(400) }}', 'FLT_TEMPLATE_EXCEPTION', 'OverflowError: math range error'],
  ])('%s fails as Ansible does', (template, code, message) => {
    const err = errorOf(() => value(template));
    expect(err.code).toBe(code);
    expect(err.message).toContain(message);
  });
});

describe('urlsplit and urldecode', () => {
  const url = 'http://user:password@www.acme.com:9000/dir/index.html?query=term#fragment';

  it('splits every component, keyed in sorted order', () => {
    const parts = value('{{ url | urlsplit }}', { url }) as Record<string, unknown>;
    expect(parts).toEqual({
      fragment: 'fragment',
      hostname: 'www.acme.com',
      netloc: 'user:password@www.acme.com:9000',
      password: 'password',
      path: '/dir/index.html',
      port: 9000,
      query: 'query=term',
      scheme: 'http',
      username: 'user',
    });
    expect(Object.keys(parts)).toEqual(Object.keys(parts).sort());
  });

  it.each([
    ["{{ url | urlsplit('hostname') }}", 'www.acme.com'],
    ["{{ url | urlsplit('port') }}", 9000],
    ["{{ 'HTTP://[::1]:80/x' | urlsplit('hostname') }}", '::1'],
    ["{{ 'HTTP://WWW.A.com/x' | urlsplit('scheme') }}", 'http'],
    ["{{ 'mailto:x@y' | urlsplit('path') }}", 'x@y'],
    ["{{ '//host/p;params?q' | urlsplit('netloc') }}", 'host'],
    ["{{ 'http://a:b:c@h/' | urlsplit('password') }}", 'b:c'],
    ["{{ 'http://u@h:/' | urlsplit('port') }}", null],
    ["{{ 'a%20b+c%C3%A9' | urldecode }}", 'a b cé'],
  ])('%s', (template, expected) => {
    expect(value(template, { url })).toEqual(expected);
  });

  it.each([
    ["{{ 'x' | urlsplit('nope') }}", 'FLT_TEMPLATE_FILTER', 'urlsplit: unknown URL component: nope'],
    [
      "{{ 'http://h:abc/' | urlsplit('scheme') }}",
      'FLT_TEMPLATE_VALUE',
      "Port could not be cast to integer value as 'abc'",
    ],
    ["{{ 'http://h:99999/' | urlsplit }}", 'FLT_TEMPLATE_VALUE', 'Port out of range 0-65535'],
  ])('%s fails', (template, code, message) => {
    const err = errorOf(() => value(template));
    expect(err.code).toBe(code);
    expect(err.message).toBe(message);
  });
});
