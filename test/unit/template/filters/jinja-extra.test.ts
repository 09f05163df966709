import { describe, expect, it } from 'vitest';
import { pyTuple } from '../../../../src/python/values.js';
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

  it.each([
    [
      "{{ 'see http://example.com/x and www.foo.org.' | urlize }}",
      'see <a href="http://example.com/x" rel="noopener">http://example.com/x</a> and <a href="https://www.foo.org" rel="noopener">www.foo.org</a>.',
    ],
    [
      "{{ '(https://a.io/path_(x)) <b> mailto:me@x.com me@x.com foo.com bar.museum' | urlize }}",
      '(<a href="https://a.io/path_(x)" rel="noopener">https://a.io/path_(x)</a>) &lt;b&gt; <a href="mailto:me@x.com">me@x.com</a> <a href="mailto:me@x.com">me@x.com</a> <a href="https://foo.com" rel="noopener">foo.com</a> bar.museum',
    ],
    [
      "{{ 'http://127.0.0.1:8080/x, http://[::1]/ xn--bcher-kva.ch' | urlize }}",
      '<a href="http://127.0.0.1:8080/x" rel="noopener">http://127.0.0.1:8080/x</a>, <a href="http://[::1]/" rel="noopener">http://[::1]/</a> xn--bcher-kva.ch',
    ],
    [
      "{{ 'http://example.com/very/long/path' | urlize(10) }}",
      '<a href="http://example.com/very/long/path" rel="noopener">http://exa...</a>',
    ],
    [
      "{{ 'http://example.com/' | urlize(nofollow=true, target='_blank', rel='me') }}",
      '<a href="http://example.com/" rel="me nofollow noopener" target="_blank">http://example.com/</a>',
    ],
    [
      "{{ 'ftp://x.y/z tel:123' | urlize(extra_schemes=['ftp://', 'tel:']) }}",
      '<a href="ftp://x.y/z" rel="noopener">ftp://x.y/z</a> <a href="tel:123" rel="noopener">tel:123</a>',
    ],
    ['{{ \'a &amp; <x> "q"\' | urlize }}', 'a &amp;amp; &lt;x&gt; &#34;q&#34;'],
  ])('%s', (template, expected) => {
    expect(value(template)).toBe(expected);
  });

  it('urlize checks extra schemes', () => {
    const err = errorOf(() => value("{{ 'x' | urlize(extra_schemes=['a']) }}"));
    expect(err.code).toBe('FLT_TEMPLATE_EXCEPTION');
    expect(err.message).toBe("jinja2.exceptions.FilterArgumentError: 'a' is not a valid URI scheme prefix.");
  });

  it('attr never falls back to an item', () => {
    expect(errorOf(() => value("{{ {'a': 1} | attr('a') }}")).message).toContain(
      "'dict object' has no attribute 'a'",
    );
  });

  it('xmlattr of a string is an AttributeError, as in Python', () => {
    const err = errorOf(() => value("{{ 'x' | xmlattr }}"));
    expect(err.code).toBe('FLT_TEMPLATE_EXCEPTION');
    expect(err.message).toBe("AttributeError: 'str' object has no attribute 'items'");
  });

  it('xmlattr refuses keys with spaces, slashes, > or =', () => {
    const err = errorOf(() => value("{{ {'a b': 1} | xmlattr }}"));
    expect(err.code).toBe('FLT_TEMPLATE_VALUE');
    expect(err.message).toBe("Invalid character in attribute name: 'a b'");
  });
});
