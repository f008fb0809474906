/**
 * Recursive matching for `.expectJson()`: every key of the expected object must match, and extra
 * keys in the actual value are fine (or, exact, are not); arrays match element by element and must
 * have the same length; a RegExp matches a string.
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

/** True when `key` is named by `expected` as present (a key set to `undefined` means absent). */
const names = (expected: Record<string, unknown>, key: string) => expected[key] !== undefined;

/**
 * True when `actual` matches `expected` as described above; `exact`, when no object of `actual`
 * has a key that the same object of `expected` does not name.
 *
 * @example
 * matchesJson({ a: 1 }, { a: 1, b: 2 }); // true
 * matchesJson({ a: 1 }, { a: 1, b: 2 }, true); // false
 * matchesJson([{ id: /^n_/ }], [{ id: 'n_1', x: 0 }]); // true
 */
export function matchesJson(expected: unknown, actual: unknown, exact = false): boolean {
  if (expected instanceof RegExp) return typeof actual === 'string' && testPattern(expected, actual);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => matchesJson(item, actual[i], exact));
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return false;
    if (exact && Object.keys(actual).some((key) => !names(expected, key))) return false;
    return Object.keys(expected).every((key) => (expected[key] === undefined ? !(key in actual) : key in actual && matchesJson(expected[key], actual[key], exact)));
  }
  return Object.is(expected, actual);
}

/**
 * `actual` cut down to the keys `expected` names (all of them, `exact`), so a diff between the two
 * shows only what the expectation is about. Values that do not match in kind are kept whole.
 *
 * @example
 * projectOnto({ a: 1 }, { a: 2, b: 3 }); // { a: 2 }
 * projectOnto({ a: 1 }, { a: 2, b: 3 }, true); // { a: 2, b: 3 }
 */
export function projectOnto(expected: unknown, actual: unknown, exact = false): unknown {
  if (expected instanceof RegExp && typeof actual === 'string' && testPattern(expected, actual)) return expected;
  if (Array.isArray(expected) && Array.isArray(actual)) return actual.map((item, i) => (i < expected.length ? projectOnto(expected[i], item, exact) : item));
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const out: Record<string, unknown> = {};
    for (const key of exact ? Object.keys(actual) : Object.keys(expected)) {
      if (key in actual) out[key] = key in expected ? projectOnto(expected[key], actual[key], exact) : actual[key];
    }
    return out;
  }
  return actual;
}
