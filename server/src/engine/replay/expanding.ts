/**
 * Series in Prometheus's expanding notation, as `promtool test rules` writes them: space-separated terms, each one
 * sample or a run of samples.
 *
 * | Term    | Samples                                        |
 * | ------- | ---------------------------------------------- |
 * | `a`     | `a`                                            |
 * | `axn`   | `a` n+1 times (`a+0xn`)                        |
 * | `a+bxn` | `a a+b a+2b ... a+nb` (n+1 samples); `a-bxn` counts down |
 * | `_`     | one missing sample                             |
 * | `_xn`   | n missing samples                              |
 *
 * Numbers may have a sign and an exponent (`-2`, `.5`, `1e-3`). Where promtool adds `b` n times over, sample i is
 * computed as `a + i*b` and rounded to 15 significant digits: `0.95-0.01x10` reaches 0.9 at i = 5, as written,
 * not 0.8999999999999999, which would breach `>= 0.90` where the author meant it to hold. NaN and infinities are
 * refused (a gate cannot compare them), and so is `stale` (a replay has no staleness markers).
 */

export type ExpandingParse =
  | { readonly ok: true; readonly values: readonly (number | null)[] }
  /** `offset` and `length` locate the problem in the text. */
  | { readonly ok: false; readonly message: string; readonly offset: number; readonly length: number };

/** Samples one series may expand to: a scenario is a test, and `1x1e9` must not take the editor down. */
export const MAX_SAMPLES = 100_000;

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const UNSIGNED = String.raw`(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const VALUE_TERM = new RegExp(`^(${NUMBER})(?:(?:([-+])(${UNSIGNED}))?x(\\d+))?$`);
const MISSING_TERM = /^_(?:x(\d+))?$/;
const FORMS = 'a number, `axn`, `a+bxn`, `a-bxn`, `_` or `_xn`';

export function parseExpanding(text: string, limit = MAX_SAMPLES): ExpandingParse {
  const values: (number | null)[] = [];
  const terms = [...text.matchAll(/\S+/g)];
  if (!terms.length) return { ok: false, message: `the series is empty: write samples as ${FORMS}, like "0.95x60 0.80x10".`, offset: 0, length: text.length };
  for (const match of terms) {
    const term = match[0];
    const offset = match.index;
    const fail = (message: string, at = 0, length = term.length - at): ExpandingParse => ({ ok: false, message, offset: offset + at, length });
    const missing = MISSING_TERM.exec(term);
    const value = missing ? undefined : VALUE_TERM.exec(term);
    if (!missing && !value) return fail(diagnose(term));
    const countText = missing ? missing[1] : value![4];
    // `axn` and `a+bxn` are n+1 samples (the first at a); `_xn` is n missing samples, as in promtool.
    const count = countText === undefined ? 1 : Number(countText) + (missing ? 0 : 1);
    if (values.length + count > limit) {
      return fail(`the series expands to more than ${limit.toLocaleString('en-US')} samples; shorten it (a longer step needs fewer samples).`, countText === undefined ? 0 : term.length - countText.length);
    }
    if (missing) {
      for (let i = 0; i < count; i++) values.push(null);
      continue;
    }
    const [, aText, sign, bText] = value!;
    const a = Number(aText);
    const b = bText === undefined ? 0 : Number(bText) * (sign === '-' ? -1 : 1);
    if (!Number.isFinite(a)) return fail(`${aText} is too large a number.`, 0, aText.length);
    if (!Number.isFinite(b)) return fail(`${bText} is too large a number.`, aText.length + 1, bText!.length);
    for (let i = 0; i < count; i++) {
      const v = i === 0 || b === 0 ? a : Number((a + i * b).toPrecision(15));
      if (!Number.isFinite(v)) return fail(`sample ${i} of "${term}" is too large a number.`);
      values.push(v);
    }
  }
  return { ok: true, values };
}

/** Why a term is not one of the forms, in the words of its likely mistake. */
function diagnose(term: string): string {
  if (/^stale$/i.test(term)) return '"stale" (a staleness marker) is not supported: write _ for a missing sample.';
  if (/^[-+]?(?:nan|inf)/i.test(term)) return `"${term}" is not a sample a gate can compare (NaN and infinities are refused): write a finite number, or _ for a missing one.`;
  if (/x$/.test(term)) return `"${term}" has no count after x: write ${term}n for n more samples, like ${term}10.`;
  if (/x/.test(term) && !/x\d+$/.test(term)) return `"${term}": the count after x is a whole number of samples, like 0.9x10.`;
  if (new RegExp(`^${NUMBER}[-+]${UNSIGNED}$`).test(term)) return `"${term}" has an increment but no count: write ${term}xn for a, a+b, ..., a+nb.`;
  return `"${term}" is not a sample: write ${FORMS}, separated by spaces.`;
}
