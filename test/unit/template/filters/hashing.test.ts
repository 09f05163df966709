import { describe, expect, it } from 'vitest';
import { shaCrypt } from '../../../../src/template/plugins/filters/sha-crypt.js';
import { errorOf, makeRender } from '../helpers.js';

const render = makeRender();

describe('hashing filters', () => {
  it('digests match Python hashlib', () => {
    expect(render("{{ 'abc' | md5 }} {{ 'abc' | sha1 }} {{ 'abc' | checksum }} {{ 'abc' | hash }}")).toBe(
      '900150983cd24fb0d6963f7d28e17f72 a9993e364706816aba3e25717850c26c9cd0d89d a9993e364706816aba3e25717850c26c9cd0d89d a9993e364706816aba3e25717850c26c9cd0d89d',
    );
    expect(render("{{ 'abc' | hash('sha256') }}")).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('password_hash sha512 with a salt is crypt(3) SHA-512 (spec vector)', () => {
    expect(render("{{ 'Hello world!' | password_hash('sha512', 'saltstring', rounds=5000) }}")).toBe(
      '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1',
    );
  });

  // Checked against passlib 1.7 as Ansible 2.14 calls it (implicit rounds 656000 / 535000).
  it('password_hash defaults to the rounds Ansible passes passlib, written out', () => {
    expect(render("{{ 'secret' | password_hash('sha512', 'saltsalt') }}")).toBe(
      '$6$rounds=656000$saltsalt$Vg7us3Hcq8rplCTNjwvGRwObM2xyfDZZ.XP2YLQ.ii85wAq/psu28uEfoMveNszsQWMgkWRxbZm2mBBlNn3.J0',
    );
  }, 60_000);

  it('SHA-crypt matches glibc for sha256 and explicit rounds (salt cut to 16)', () => {
    expect(shaCrypt('sha256', 'Hello world!', 'saltstring')).toBe(
      '$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5',
    );
    expect(shaCrypt('sha512', 'Hello world!', 'saltstringsaltstring', 10000)).toBe(
      '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.',
    );
  });

  it('password_hash without a salt makes a random 16-char salt', () => {
    const out = render("{{ 'pw' | password_hash('sha512', rounds=5000) }}") as string;
    expect(out).toMatch(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
    expect(errorOf(() => render("{{ 'pw' | password_hash('bcrypt') }}")).code).toBe('FLT_TEMPLATE_FILTER');
  });

  it('to_uuid is uuid5 in Ansible namespace', () => {
    expect(render("{{ 'a' | to_uuid }}")).toBe('9b6d1a0c-51b1-5093-93fc-cf09a700edff');
  });
});
