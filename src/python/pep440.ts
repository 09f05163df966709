/**
 * PEP 440 versions and specifiers as packaging 21.3 (pkg_resources' vendored copy, what
 * Ansible 2.14's pip module tests installed versions with) compares them:
 * `SpecifierSet.contains(version, prereleases=True)`. A version that is not PEP 440 is a
 * LegacyVersion there, which no PEP 440 specifier contains.
 */

export interface Version {
  epoch: number;
  release: number[];
  pre?: [string, number];
  post?: number;
  dev?: number;
  local?: (string | number)[];
}

const VERSION_RE =
  /^\s*v?(?:(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:(?:-(\d+))|(?:[-_.]?(post|rev|r)[-_.]?(\d+)?))?(?:[-_.]?(dev)[-_.]?(\d+)?)?)(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;

const PRE_LETTER: Record<string, string> = { alpha: 'a', beta: 'b', c: 'rc', pre: 'rc', preview: 'rc' };

/** packaging's Version(text), or undefined where it raises InvalidVersion. */
export function parseVersion(text: string): Version | undefined {
  const m = VERSION_RE.exec(text);
  if (!m) return undefined;
  const v: Version = { epoch: m[1] ? Number(m[1]) : 0, release: m[2].split('.').map(Number) };
  if (m[3]) {
    const letter = m[3].toLowerCase();
    v.pre = [PRE_LETTER[letter] ?? letter, Number(m[4] ?? 0)];
  }
  if (m[5] !== undefined) v.post = Number(m[5]);
  else if (m[6]) v.post = Number(m[7] ?? 0);
  if (m[8]) v.dev = Number(m[9] ?? 0);
  if (m[10])
    v.local = m[10]
      .toLowerCase()
      .split(/[-_.]/)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return v;
}

/** str(Version): the normalized form. */
export function versionString(v: Version): string {
  let s = v.epoch ? `${v.epoch}!` : '';
  s += v.release.join('.');
  if (v.pre) s += `${v.pre[0]}${v.pre[1]}`;
  if (v.post !== undefined) s += `.post${v.post}`;
  if (v.dev !== undefined) s += `.dev${v.dev}`;
  if (v.local) s += `+${v.local.join('.')}`;
  return s;
}

const isPre = (v: Version) => v.pre !== undefined || v.dev !== undefined;
const publicOf = (v: Version): Version => ({ ...v, local: undefined });
const baseOf = (v: Version): Version => ({ epoch: v.epoch, release: v.release });

/** packaging's _cmpkey ordering: -1, 0 or 1. */
export function compareVersions(a: Version, b: Version): number {
  const cmp = (x: number, y: number) => (x < y ? -1 : x > y ? 1 : 0);
  if (a.epoch !== b.epoch) return cmp(a.epoch, b.epoch);
  const trim = (r: number[]) => {
    const out = [...r];
    while (out.length > 1 && out[out.length - 1] === 0) out.pop();
    return out;
  };
  const ra = trim(a.release);
  const rb = trim(b.release);
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    // a shorter release (after trimming zeros) sorts first, as Python compares tuples
    if (i >= ra.length) return -1;
    if (i >= rb.length) return 1;
    if (ra[i] !== rb[i]) return cmp(ra[i], rb[i]);
  }
  // pre: a dev release without pre or post sorts before any pre-release; none sorts after them
  const preKey = (v: Version): [number, string, number] =>
    v.pre === undefined && v.post === undefined && v.dev !== undefined
      ? [-1, '', 0]
      : v.pre === undefined
        ? [1, '', 0]
        : [0, v.pre[0], v.pre[1]];
  const pa = preKey(a);
  const pb = preKey(b);
  if (pa[0] !== pb[0]) return cmp(pa[0], pb[0]);
  if (pa[1] !== pb[1]) return pa[1] < pb[1] ? -1 : 1;
  if (pa[2] !== pb[2]) return cmp(pa[2], pb[2]);
  const postA = a.post ?? -1;
  const postB = b.post ?? -1;
  if (postA !== postB) return cmp(postA, postB);
  const devA = a.dev ?? Number.POSITIVE_INFINITY;
  const devB = b.dev ?? Number.POSITIVE_INFINITY;
  if (devA !== devB) return cmp(devA, devB);
  if (!a.local || !b.local) return a.local ? 1 : b.local ? -1 : 0;
  for (let i = 0; i < Math.max(a.local.length, b.local.length); i++) {
    if (i >= a.local.length) return -1;
    if (i >= b.local.length) return 1;
    const x = a.local[i];
    const y = b.local[i];
    if (x === y) continue;
    // a number sorts after a string
    if (typeof x === 'number' && typeof y === 'number') return cmp(x, y);
    if (typeof x === 'number') return 1;
    if (typeof y === 'number') return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** packaging's _version_split: '1.0rc1' -> ['1', '0', 'rc1']. */
function versionSplit(text: string): string[] {
  const out: string[] = [];
  for (const item of text.split('.')) {
    const m = /^(\d+)((?:a|b|c|rc)\d+)$/.exec(item);
    if (m) out.push(m[1], m[2]);
    else out.push(item);
  }
  return out;
}

const isDigits = (s: string) => /^\d+$/.test(s);

/** packaging's _pad_version of two split versions: their release parts padded with '0'. */
function padded(left: string[], right: string[]): [string[], string[]] {
  const rel = (x: string[]) => {
    let i = 0;
    while (i < x.length && isDigits(x[i])) i++;
    return [x.slice(0, i), x.slice(i)];
  };
  const [lr, lrest] = rel(left);
  const [rr, rrest] = rel(right);
  const n = Math.max(lr.length, rr.length);
  const pad = (r: string[]) => [...r, ...Array(n - r.length).fill('0')];
  return [
    [...pad(lr), ...lrest],
    [...pad(rr), ...rrest],
  ];
}

function equal(prospective: Version, spec: string): boolean {
  if (spec.endsWith('.*')) {
    const splitSpec = versionSplit(spec.slice(0, -2));
    const splitProspective = versionSplit(versionString(publicOf(prospective)));
    const [ps, pp] = padded(splitSpec, splitProspective.slice(0, splitSpec.length));
    return ps.length === pp.length && ps.every((x, i) => x === pp[i]);
  }
  const sv = parseVersion(spec);
  if (!sv) return false;
  return compareVersions(sv.local ? prospective : publicOf(prospective), sv) === 0;
}

/** Specifier(op + version).contains(prospective, prereleases=True). */
function specifierContains(op: string, spec: string, prospective: Version): boolean {
  const sv = () => parseVersion(spec) as Version;
  switch (op) {
    case '==':
      return equal(prospective, spec);
    case '!=':
      return !equal(prospective, spec);
    case '<=':
      return compareVersions(publicOf(prospective), sv()) <= 0;
    case '>=':
      return compareVersions(publicOf(prospective), sv()) >= 0;
    case '<': {
      const s = sv();
      if (compareVersions(prospective, s) >= 0) return false;
      return !(!isPre(s) && isPre(prospective) && compareVersions(baseOf(prospective), baseOf(s)) === 0);
    }
    case '>': {
      const s = sv();
      if (compareVersions(prospective, s) <= 0) return false;
      const sameBase = compareVersions(baseOf(prospective), baseOf(s)) === 0;
      if (s.post === undefined && prospective.post !== undefined && sameBase) return false;
      return !(prospective.local !== undefined && sameBase);
    }
    case '~=': {
      const parts = versionSplit(spec);
      const release: string[] = [];
      for (const p of parts) {
        if (/^(dev|a|b|rc|post)/.test(p)) break;
        release.push(p);
      }
      const prefix = `${release.slice(0, -1).join('.')}.*`;
      return compareVersions(publicOf(prospective), sv()) >= 0 && equal(prospective, prefix);
    }
    case '===':
      return false;
    default:
      return false;
  }
}

/** SpecifierSet(specs).contains(version, prereleases=True): every specifier holds. */
export function specifiersContain(specs: readonly [string, string][], version: string): boolean {
  const v = parseVersion(version);
  if (!v) return specs.length === 0;
  return specs.every(([op, spec]) => specifierContains(op, spec, v));
}
