import { describe, expect, it } from 'vitest';
import { pyTuple } from '../../../../src/template/python.js';
import { errorOf, makeValue } from '../helpers.js';

const value = makeValue();
const nested = { b: [1], a: { z: 1 } };
const text = 'Lorem ipsum dolor sit amet, consectetur adipiscing-elit, sed do eiusmod tempor incididunt';

// Expected values were printed by ansible-playbook 2.14 (Jinja2 3.1, markupsafe 3.0) or, for
// wordwrap and pprint, by Python's textwrap.wrap / pprint.pformat that those filters call.
describe("Jinja's text filters", () => {
  it.each([
    ['{{ \'<b a="1">x & y</b>\' | e }}', '&lt;b a=&#34;1&#34;&gt;x &amp; y&lt;/b&gt;'],
    ['{{ "it\'s" | escape }}', 'it&#39;s'],
    ["{{ '<b>' | forceescape }}", '&lt;b&gt;'],
    ["{{ '<b>' | safe }}", '<b>'],
    ['{{ none | e }}', 'None'],
    [
      "{{ '  <p>Hello <!-- c <b> --> <b>world</b>\\n\\t&lt;ok&gt; &#65;&#x42;</p> ' | striptags }}",
      'Hello world <ok> AB',
    ],
    ["{{ 'a<b' | striptags }}", 'a<b'],
    [
      '{{ text | wordwrap(20) }}',
      'Lorem ipsum dolor\nsit amet,\nconsectetur\nadipiscing-elit, sed\ndo eiusmod tempor\nincididunt',
    ],
    [
      "{{ text | wordwrap(12, break_on_hyphens=false, wrapstring='|') }}",
      'Lorem ipsum|dolor sit|amet,|consectetur |adipiscing-e|lit, sed do|eiusmod|tempor|incididunt',
    ],
    [
      "{{ 'supercalifragilisticexpialidocious word' | wordwrap(10) }}",
      'supercalif\nragilistic\nexpialidoc\nious word',
    ],
    [
      "{{ 'well-known long-hyphenated-words here' | wordwrap(12) }}",
      'well-known\nlong-\nhyphenated-\nwords here',
    ],
    ["{{ 'a b\\nc d' | wordwrap(3) }}", 'a b\nc d'],
    [
      "{{ {'class': 'my_list', 'missing': none, 'id': 'list-42', 'q': '\"<&'} | xmlattr }}",
      ' class="my_list" id="list-42" q="&#34;&lt;&amp;"',
    ],
    ["{{ {'class': 'x'} | xmlattr(false) }}", 'class="x"'],
    ['{{ {} | xmlattr }}', ''],
    [
      "{{ {'b': [1, '<'], 'a': \"it's\", 'c': none, 'd': 1.0} | tojson }}",
      '{"a": "it\\u0027s", "b": [1, "\\u003c"], "c": null, "d": 1.0}',
    ],
    ['{{ nested | tojson(2) }}', '{\n  "a": {\n    "z": 1\n  },\n  "b": [\n    1\n  ]\n}'],
    ["{{ {'b': [1, 2], 'a': 'x'} | pprint }}", "{'a': 'x', 'b': [1, 2]}"],
    [
      "{{ {'key_one': 'a' * 50, 'key_two': ['b' * 30, 'c' * 30, 'd' * 30], 'k3': k3} | pprint }}",
      "{'k3': {'m': ('x', 2), 'n': 1},\n 'key_one': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',\n 'key_two': ['bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',\n             'cccccccccccccccccccccccccccccc',\n             'dddddddddddddddddddddddddddddd']}",
    ],
    [
      "{{ ['word ' * 30] | pprint }}",
      "['word word word word word word word word word word word word word word word '\n 'word word word word word word word word word word word word word word word ']",
    ],
    [
      "{{ ('word ' * 30) | pprint }}",
      "('word word word word word word word word word word word word word word word '\n 'word word word word word word word word word word word word word word word ')",
    ],
    ["{{ ('abc' | attr('upper'))() }}", 'ABC'],
    ["{{ ({'a': 1} | attr('items'))() | list }}", [['a', 1]]],
  ])('%s', (template, expected) => {
    expect(value(template, { text, nested, k3: { n: 1, m: pyTuple(['x', 2]) } })).toEqual(expected);
  });

  it('attr never falls back to an item', () => {
    expect(errorOf(() => value("{{ {'a': 1} | attr('a') }}")).message).toContain(
      "'dict object' has no attribute 'a'",
    );
  });

  it('xmlattr refuses keys with spaces, slashes, > or =', () => {
    const err = errorOf(() => value("{{ {'a b': 1} | xmlattr }}"));
    expect(err.code).toBe('FLT_TEMPLATE_VALUE');
    expect(err.message).toBe("Invalid character in attribute name: 'a b'");
  });
});
