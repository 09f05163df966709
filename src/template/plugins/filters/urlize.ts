/** Jinja 3.1's urlize (utils.urlize with the default policies: rel="noopener", no target). */
import { pyRepr, pyStr } from '../../../python/repr.js';
import { isNone, pyTruthy } from '../../../python/values.js';
import { def, type FilterDef } from '../../runtime/define.js';
import { pyException } from '../py-errors.js';
import { htmlEscape } from './jinja-extra.js';

/** Python's \w in a str pattern. */
const WORD = '\\p{L}\\p{N}_';
const HTTP_RE = new RegExp(
  '^(' +
    `(https?://|www\\.)(([${WORD}%-]+\\.)+)?([a-z]{2,63}|xn--[${WORD}%]{2,59})` +
    `|([${WORD}%-]{2,63}\\.)+(com|net|int|edu|gov|org|info|mil)` +
    '|(https?://)((([\\d]{1,3})(\\.[\\d]{1,3}){3})|(\\[([\\da-f]{0,4}:){2}([\\da-f]{0,4}:?){1,6}\\]))' +
    ')(?::[\\d]{1,5})?(?:[/?#]\\S*)?$',
  'iu',
);
const EMAIL_RE = new RegExp(`^\\S+@[${WORD}][${WORD}.-]*\\.[${WORD}]+$`, 'u');
const URI_SCHEME_RE = /^[\p{L}\p{N}_.+-]{2,}:(\/){0,2}$/u;

function count(s: string, sub: string): number {
  return s.split(sub).length - 1;
}

export function urlize(
  text: string,
  trimUrlLimit: number | null,
  rel: string | null,
  target: string | null,
  extraSchemes: string[],
): string {
  const trim = (x: string) =>
    trimUrlLimit !== null && x.length > trimUrlLimit ? `${x.slice(0, trimUrlLimit)}...` : x;
  const words = htmlEscape(text).split(/(\s+)/);
  const relAttr = rel ? ` rel="${htmlEscape(rel)}"` : '';
  const targetAttr = target ? ` target="${htmlEscape(target)}"` : '';
  return words
    .map((word) => {
      let head = '';
      let middle = word;
      let tail = '';
      const lead = /^(?:[(<]|&lt;)+/.exec(middle);
      if (lead) {
        head = lead[0];
        middle = middle.slice(lead[0].length);
      }
      const trail = /(?:[)>.,\n]|&gt;)+$/.exec(middle);
      if (trail) {
        tail = trail[0];
        middle = middle.slice(0, trail.index);
      }
      // Prefer balancing parentheses in URLs instead of ignoring a trailing character.
      for (const [open, close] of [
        ['(', ')'],
        ['<', '>'],
        ['&lt;', '&gt;'],
      ]) {
        const opens = count(middle, open);
        if (opens <= count(middle, close)) continue;
        for (let n = Math.min(opens, count(tail, close)); n > 0; n--) {
          const end = tail.indexOf(close) + close.length;
          middle += tail.slice(0, end);
          tail = tail.slice(end);
        }
      }
      if (HTTP_RE.test(middle)) {
        const href =
          middle.startsWith('https://') || middle.startsWith('http://') ? middle : `https://${middle}`;
        middle = `<a href="${href}"${relAttr}${targetAttr}>${trim(middle)}</a>`;
      } else if (middle.startsWith('mailto:') && EMAIL_RE.test(middle.slice(7))) {
        middle = `<a href="${middle}">${middle.slice(7)}</a>`;
      } else if (
        middle.includes('@') &&
        !middle.startsWith('www.') &&
        !middle.includes(':') &&
        EMAIL_RE.test(middle)
      ) {
        middle = `<a href="mailto:${middle}">${middle}</a>`;
      } else {
        for (const scheme of extraSchemes) {
          if (middle !== scheme && middle.startsWith(scheme)) {
            middle = `<a href="${middle}"${relAttr}${targetAttr}>${middle}</a>`;
          }
        }
      }
      return head + middle + tail;
    })
    .join('');
}

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  urlize: def(
    ['trim_url_limit', 'nofollow', 'target', 'rel', 'extra_schemes'],
    (value, [trimUrlLimit = null, nofollow = false, target = null, rel = null, extraSchemes = null]) => {
      const relParts = new Set(isNone(rel) ? [] : pyStr(rel).split(/\s+/).filter(Boolean));
      if (pyTruthy(nofollow)) relParts.add('nofollow');
      relParts.add('noopener');
      const schemes = isNone(extraSchemes) ? [] : (extraSchemes as unknown[]).map(pyStr);
      for (const scheme of schemes) {
        if (!URI_SCHEME_RE.test(scheme)) {
          throw pyException(
            'jinja2.exceptions.FilterArgumentError',
            `${pyRepr(scheme)} is not a valid URI scheme prefix.`,
          );
        }
      }
      return urlize(
        pyStr(value),
        isNone(trimUrlLimit) ? null : Number(trimUrlLimit),
        [...relParts].sort().join(' ') || null,
        isNone(target) ? null : pyStr(target),
        schemes,
      );
    },
  ),
};
