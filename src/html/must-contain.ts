/** `res.mustContain()`: strings (or patterns) the page must, and must not, contain. */
import { ExpectationError } from '../errors/expectation-error.js';
import type { FailureContext } from '../errors/tandem-error.js';
import { collapseWhitespace } from './dom.js';

/**
 * Options of `mustContain`: what must not appear.
 *
 * @example
 * res.mustContain('Saved', { not: ['Error'] });
 */
export interface MustContainOptions {
  /** Strings or patterns that must not appear. */
  not?: ReadonlyArray<string | RegExp>;
}

/** One argument of `mustContain`: a needle, or the options (last). */
export type MustContainArgument = string | RegExp | MustContainOptions;

const show = (needle: string | RegExp) => (typeof needle === 'string' ? JSON.stringify(needle) : String(needle));

/**
 * Checks that `text` contains every needle and none of `not`, and throws an `ExpectationError`
 * listing what is missing and what is present. `collapse` compares with whitespace runs
 * collapsed to one space (used for an HTML page's text).
 *
 * @example
 * checkContains('Hello Ann, 3 notes', ['Hello', /\d+ notes/, { not: ['error'] }], false, {});
 */
export function checkContains(text: string, args: readonly MustContainArgument[], collapse: boolean, failure: FailureContext, what: string): void {
  const needles: Array<string | RegExp> = [];
  let forbidden: ReadonlyArray<string | RegExp> = [];
  args.forEach((arg, i) => {
    if (typeof arg === 'string' || arg instanceof RegExp) needles.push(arg);
    else if (i === args.length - 1 && typeof arg === 'object' && arg !== null) forbidden = arg.not ?? [];
    else throw new TypeError('mustContain() takes strings or RegExps, then optionally { not: [...] } as the last argument');
  });
  const haystack = collapse ? collapseWhitespace(text) : text;
  const has = (needle: string | RegExp) =>
    typeof needle === 'string' ? haystack.includes(collapse ? collapseWhitespace(needle) : needle) : new RegExp(needle.source, needle.flags.replace('g', '')).test(haystack);
  const missing = needles.filter((n) => !has(n));
  const present = forbidden.filter((n) => has(n));
  if (missing.length === 0 && present.length === 0) return;
  const lines = [
    ...(missing.length > 0 ? [`missing:`, ...missing.map((n) => `  ${show(n)}`)] : []),
    ...(present.length > 0 ? [`present but must not be:`, ...present.map((n) => `  ${show(n)}`)] : []),
  ];
  throw new ExpectationError(`expected the ${what} to contain ${needles.map(show).join(', ') || 'nothing in particular'}${forbidden.length ? ` and not ${forbidden.map(show).join(', ')}` : ''}\n${lines.join('\n')}`, {
    ...failure,
    expected: { contains: needles.map(show), not: forbidden.map(show) },
    actual: { missing: missing.map(show), present: present.map(show) },
  });
}
