/**
 * Recursive partial matching for `.expectJson()`: every key of the expected object must match,
 * extra keys in the actual value are fine; arrays match element by element and must have the same
 * length; a RegExp matches a string.
 */

/** What `.expectJson()` accepts: JSON values, with RegExp allowed wherever a string is expected. */
export type JsonPattern = null | boolean | number | string | RegExp | readonly JsonPattern[] | { readonly [key: string]: JsonPattern | undefined };

/** `pattern.test(text)` from the start of the text, also for `/g` and `/y` RegExps (whose `test` is stateful). */
export function testPattern(pattern: RegExp, text: string): boolean {
  const from = pattern.lastIndex;
  pattern.lastIndex = 0;
  const matched = pattern.test(text);
  pattern.lastIndex = from;
  return matched;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp);

/**
 * True when `actual` matches `expected` as described above.
 *
 * @example
 * matchesPartial({ a: 1 }, { a: 1, b: 2 }); // true
 * matchesPartial([{ id: /^n_/ }], [{ id: 'n_1', x: 0 }]); // true
 */
export function matchesPartial(expected: unknown, actual: unknown): boolean {
  if (expected instanceof RegExp) return typeof actual === 'string' && testPattern(expected, actual);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => matchesPartial(item, actual[i]));
  }
  if (isPlainObject(expected)) {
    return isPlainObject(actual) && Object.keys(expected).every((key) => expected[key] === undefined ? !(key in actual) : key in actual && matchesPartial(expected[key], actual[key]));
  }
  return Object.is(expected, actual);
}

/**
 * `actual` cut down to the keys `expected` names, so a diff between the two shows only what the
 * expectation is about. Values that do not match in kind are kept whole.
 *
 * @example
 * projectOnto({ a: 1 }, { a: 2, b: 3 }); // { a: 2 }
 */
export function projectOnto(expected: unknown, actual: unknown): unknown {
  if (expected instanceof RegExp && typeof actual === 'string' && testPattern(expected, actual)) return expected;
  if (Array.isArray(expected) && Array.isArray(actual)) return actual.map((item, i) => (i < expected.length ? projectOnto(expected[i], item) : item));
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(expected)) if (key in actual) out[key] = projectOnto(expected[key], actual[key]);
    return out;
  }
  return actual;
}
