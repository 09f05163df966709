/**
 * apt_key's key id and key list parsing, against apt_key.py's parse_key_id and
 * parse_output_for_keys for the same input (values taken from Ansible 2.14's module).
 */
import { describe, expect, it } from 'vitest';
import { parseKeyId, parseOutputForKeys } from '../../../src/modules/apt-key.js';

describe('apt_key', () => {
  it('splits a key id as parse_key_id does', () => {
    expect(parseKeyId('0x0DA547E58CE699E7')).toEqual(['8CE699E7', '0DA547E58CE699E7', '0DA547E58CE699E7']);
    expect(parseKeyId('05DEC4465926A8A09159563A0DA547E58CE699E7')).toEqual([
      '8CE699E7',
      '0DA547E58CE699E7',
      '05DEC4465926A8A09159563A0DA547E58CE699E7',
    ]);
    expect(parseKeyId('8ce699e7')).toEqual(['8CE699E7', '8CE699E7', '8CE699E7']);
    for (const bad of [' 8ce699e7 ', 'ab_cd_12_34', 'ABCDEF', 'XYZ', '-8CE699E7', null])
      expect(parseKeyId(bad)).toBeNull();
  });

  it('lists keys as parse_output_for_keys does (apt-key and gpg colon lines, expired ones left out)', () => {
    const out = [
      'pub   ed25519/0DA547E58CE699E7 2026-12-07 [SC]',
      '      05DEC4465926A8A09159563A0DA547E58CE699E7',
      'uid                 [ unknown] Flt Test',
      'sub   cv25519/1111222233334444 2026-12-07 [E]',
      'pub   rsa4096/AAAABBBBCCCCDDDD 2020-01-01 [SC] [expired: 2021-01-01]',
      'pub:-:255:22:0DA547E58CE699E7:1796655768:::-:',
      'pub x/y/z',
      '',
    ].join('\n');
    expect(parseOutputForKeys(out)).toEqual(['0DA547E58CE699E7', '1111222233334444', '0DA547E58CE699E7']);
    expect(parseOutputForKeys(out, true)).toEqual(['8CE699E7', '33334444', '8CE699E7']);
  });
});
