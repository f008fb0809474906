/** Status expectations: a code, a list of codes, or a class such as `'2xx'`. */

/** What `.expect()` accepts: any three-digit status (100–999, so `799` too) or a class `'1xx'`…`'9xx'`. */
export type StatusPattern = number | readonly number[] | `${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}xx`;

/**
 * True when `status` is admitted by `pattern`.
 *
 * @example
 * statusMatches('2xx', 204); // true
 */
export function statusMatches(pattern: StatusPattern, status: number): boolean {
  if (typeof pattern === 'number') return status === pattern;
  if (typeof pattern === 'string') return Math.floor(status / 100) === Number(pattern[0]);
  return pattern.includes(status);
}

/** The default rule when a request states no status: 2xx and 3xx pass. */
export const isDefaultSuccess = (status: number) => status >= 200 && status < 400;

/** Describes a pattern for messages: `201`, `one of 200, 201`, `2xx`. */
export function describeStatus(pattern: StatusPattern): string {
  if (typeof pattern === 'number' || typeof pattern === 'string') return String(pattern);
  return pattern.length === 1 ? String(pattern[0]) : `one of ${pattern.join(', ')}`;
}

/** True when `value` is a valid status pattern (checked at the call, so a typo fails clearly). */
export function isStatusPattern(value: unknown): value is StatusPattern {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 100 && value <= 999;
  if (typeof value === 'string') return /^[1-9]xx$/.test(value);
  return Array.isArray(value) && value.length > 0 && value.every((v) => isStatusPattern(v) && typeof v === 'number');
}
