/**
 * Parity sweep against ansible-playbook 2.14 for the filters and tests added for Jinja2
 * 3.1 / Ansible 2.14 parity: human_readable, human_to_bytes, log, pow, root, urlsplit,
 * urldecode, to_datetime, subelements, rekey_on_member, win_*, fileglob, random_mac (seeded),
 * vault/unvault (fixed salt), escape, striptags, wordwrap, xmlattr, tojson, pprint, attr;
 * tests any, all, filter, test, same_file, mount, nan, uri/url/urn, is_* aliases, and the
 * error texts of bad input. Every result is printed by debug on two hosts.
 * Whole normalised stdout and exit code must match (see sweep-compare.ts).
 */
import { describe, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const FILTERS = String.raw`- name: filters and tests
  hosts: fleet
  gather_facts: false
  vars:
    url: "http://user:pw@www.Example.com:9000/dir/index.html?q=term#frag"
    sec: !vault |
      $ANSIBLE_VAULT;1.1;AES256
      373336313663373437333631366337340a6463633863373162326331353639666138613130313031
      62636563383938323761373534346236613163333335363236356266343334666334393265346436
      660a3137626335366563323039376331383634653262633137663939653239353165
    users:
      - name: alice
        groups: [wheel, dev]
        auth: {keys: [k1]}
      - name: bob
        groups: []
        auth: {keys: [k2, k3]}
    text: "Lorem ipsum dolor sit amet, consectetur adipiscing-elit, sed do eiusmod tempor incididunt"
  tasks:
    - name: sizes
      debug:
        msg:
          - "{{ 1048576 | human_readable }} {{ 1048576 | human_readable(isbits=True) }} {{ 1048576 | human_readable(unit='G') }}"
          - "{{ 1000 | human_readable }} {{ 0 | human_readable }} {{ 1.5 | human_readable }} {{ -5 | ansible.builtin.human_readable }}"
          - "{{ '1K' | human_to_bytes }} {{ '1.5 MB' | human_to_bytes }} {{ '10' | human_to_bytes('M') }} {{ 10 | human_to_bytes('K') }}"
          - "{{ '1Mb' | human_to_bytes(isbits=True) }} {{ '2 bytes' | human_to_bytes }} {{ '2.5' | human_to_bytes }} {{ '3 kilobytes' | ansible.builtin.human_to_bytes }}"
    - name: bad sizes
      debug:
        msg: "{{ item }}"
      loop:
        - "{{ 'garbage' | human_to_bytes }}"
      ignore_errors: true
    - name: bad size units
      debug:
        msg: "{{ '1MB' | human_to_bytes(isbits=True) }}"
      ignore_errors: true
    - name: human_readable of a string
      debug:
        msg: "{{ 'x' | human_readable }}"
      ignore_errors: true
    - name: math
      debug:
        msg: "{{ [100 | log, 100 | log(10), 8 | log(2), 1 | log, 2 | pow(10), 2 | pow(0.5), 16 | root, 27 | root(3), 2 | ansible.builtin.pow(3)] }}"
    - name: log of a string
      debug:
        msg: "{{ 'x' | log }}"
      ignore_errors: true
    - name: root of a negative number
      debug:
        msg: "{{ -4 | root }}"
      ignore_errors: true
    - name: urls
      debug:
        msg:
          - "{{ url | urlsplit }}"
          - "{{ url | urlsplit('hostname') }} {{ url | urlsplit('port') }} {{ url | ansible.builtin.urlsplit('query') }}"
          - "{{ 'http://[::1]:80/x' | urlsplit }}"
          - "{{ 'mailto:x@y' | urlsplit }}"
          - "{{ 'a%20b+c%C3%A9' | urldecode }}"
    - name: unknown url component
      debug:
        msg: "{{ url | urlsplit('nope') }}"
      ignore_errors: true
    - name: dates
      debug:
        msg:
          - "{{ '2020-01-02 03:04:05' | to_datetime | string }}"
          - "{{ '2020-01-02 03:04:05.5' | to_datetime('%Y-%m-%d %H:%M:%S.%f') | string }}"
          - "{{ ('02/Jan/20 3pm' | to_datetime('%d/%b/%y %I%p')).hour }}"
          - "{{ ('2020-01-02 03:04:05' | to_datetime).year }} {{ ('2020-01-02 03:04:05' | to_datetime).strftime('%A %j') }}"
          - "{{ ('2020-01-02 03:04:05' | to_datetime).weekday() }} {{ ('2020-01-02 03:04:05' | to_datetime).isoformat() }}"
          - "{{ '100' | to_datetime('%j') }} {{ '2020-1-2 3:4:5' | ansible.builtin.to_datetime }} {{ '2020-01-02T03:04:05+0200' | to_datetime('%Y-%m-%dT%H:%M:%S%z') | string }}"
    - name: subelements and rekey
      debug:
        msg:
          - "{{ users | subelements('groups') | map('last') | list }}"
          - "{{ users | subelements('auth.keys') | map('first') | map(attribute='name') | list }}"
          - "{{ users | subelements('missing', skip_missing=true) }}"
          - "{{ users | rekey_on_member('name') | list }}"
          - "{{ {'x': {'n': 'a', 'v': 1}, 'y': {'n': 'a', 'v': 2}} | rekey_on_member('n', duplicates='overwrite') }}"
    - name: subelements of a missing key
      debug:
        msg: "{{ users | subelements('missing') }}"
      ignore_errors: true
    - name: rekey duplicate
      debug:
        msg: "{{ [{'n': 'a'}, {'n': 'a'}] | rekey_on_member('n') }}"
      ignore_errors: true
    - name: windows paths, globs, macs
      debug:
        msg:
          - "{{ 'C:\\Users\\me\\file.txt' | win_basename }} {{ 'C:\\Users\\me\\file.txt' | win_dirname }}"
          - "{{ 'C:\\Users\\me\\file.txt' | win_splitdrive | list }} {{ '\\\\srv\\share\\x' | win_splitdrive | list }}"
          - "{{ (playbook_dir ~ '/globme/*.txt') | fileglob | map('basename') | list }}"
          - "{{ '52:54:00' | random_mac(seed=inventory_hostname) }} {{ '52' | random_mac(seed=42) }}"
          - "{{ ('52:54:00' | random_mac) is match('^52:54:00(:[0-9a-f]{2}){3}$') }}"
    - name: bad mac prefix
      debug:
        msg: "{{ 'zz:' | random_mac }}"
      ignore_errors: true
    - name: vault
      debug:
        msg:
          - "{{ 'secret data' | vault('pw', salt='saltsalt') }}"
          - "{{ 'secret data' | vault('pw', salt='saltsalt', vaultid='default') }}"
          - "{{ 'secret data' | vault('pw') | unvault('pw') }} {{ 'plain' | unvault('pw') }}"
    - name: unvault with the wrong secret
      debug:
        msg: "{{ 'secret data' | vault('pw', salt='saltsalt') | unvault('wrong') }}"
      ignore_errors: true
    - name: vault of a number
      debug:
        msg: "{{ 5 | vault('pw') }}"
      ignore_errors: true
    - name: jinja text filters
      debug:
        msg:
          - "{{ '<b a=\"1\">x & y</b>' | e }} {{ '<b>' | escape }} {{ '<b>' | forceescape }} {{ '<b>' | safe }} {{ none | e }}"
          - "{{ '  <p>Hello <!-- c <b> --> <b>world</b>\n\t&lt;ok&gt; &#65;&#x42;</p> ' | striptags }}"
          - "{{ text | wordwrap(20) }}"
          - "{{ text | wordwrap(12, break_on_hyphens=false, wrapstring='|') }}"
          - "{{ 'supercalifragilisticexpialidocious word' | wordwrap(10) }}"
          - "{{ 'supercalifragilisticexpialidocious word' | wordwrap(10, false) }}"
          - "{{ {'class': 'my_list', 'missing': none, 'id': 'list-42', 'q': '\"<&'} | xmlattr }}"
          - "{{ {'class': 'x'} | xmlattr(false) }}"
          - "{{ {'b': [1, '<'], 'a': \"it's\", 'c': none, 'd': 1.0} | tojson }}"
          - "{{ {'b': [1, 2], 'a': {'z': 1}} | tojson(2) }}"
          - "{{ {'b': [1, 2], 'a': 'x'} | pprint }}"
          - "{{ range(30) | list | pprint }}"
          - "{{ {'key_one': 'a' * 50, 'key_two': ['b' * 30, 'c' * 30, 'd' * 30], 'k3': {'n': 1, 'm': ('x', 2)}} | pprint }}"
          - "{{ ['word ' * 30] | pprint }}"
          - "{{ '(https://a.io/p_(x)) <b> mailto:me@x.com me@x.com foo.com www.foo.org. http://[::1]/' | urlize }}"
          - "{{ 'http://example.com/very/long/path' | urlize(10, nofollow=true, target='_blank', rel='me') }}"
          - "{{ ('abc' | attr('upper'))() }} {{ ({'a': 1} | attr('items'))() | list }} {{ ('2020-01-02 03:04:05' | to_datetime) | attr('month') }}"
    - name: tests
      debug:
        msg:
          - "{{ [[1, 0] is any, [0, 0] is any, [] is all, [1, ''] is all, 'ab' is any] }}"
          - "{{ ['to_json' is filter, 'upper' is filter, 'random_mac' is filter, 'defined' is test, 'any' is test] }}"
          - "{{ ['x' is escaped, 'x' is vault_encrypted, sec is vault_encrypted, 3 is greaterthan 2, 3 is lessthan 2] }}"
          - "{{ ['/etc/hostname' is same_file('/etc/hostname'), '/' is mount, '/etc' is mount, '/etc' is is_mount] }}"
          - "{{ [(0.0 | float) is nan, ('nan' | float) is nan, 'x' is nan, none is isnan] }}"
          - "{{ ['/nope' is link_exists, '/etc' is is_dir, '/etc/hostname' is is_file, '/etc' is is_link, '/etc' is is_abs] }}"
          - "{{ [[1] is issubset([1, 2]), [1, 2] is issuperset([1]), {'failed': false} is successful] }}"
          - "{{ [url is uri, url is url, 'urn:isbn:0451450523' is urn, 'urn:isbn:0451450523' is url, 'foo' is uri, 'ftp://x' is uri(['http'])] }}"
          - "{{ [{'finished': 1} is finished, {'finished': 0} is finished, {} is started, {'started': true} is started] }}"
    - name: any of a number
      debug:
        msg: "{{ 5 is any }}"
      ignore_errors: true
    - name: successful of a list
      debug:
        msg: "{{ [] is successful }}"
      ignore_errors: true
`;

describe('sweep: filters and tests', () => {
  const fleet = ownFleet(2);

  it(
    'math, size, url, date, vault, Jinja text filters and Ansible/Jinja tests print as in Ansible',
    async () => {
      expectSame(
        await runBoth(fleet(), {
          playbook: FILTERS,
          hosts: 2,
          files: { 'globme/a.txt': 'a\n', 'globme/b.txt': 'b\n', 'globme/.hidden.txt': 'h\n' },
        }),
      );
    },
    SLOW,
  );
});
