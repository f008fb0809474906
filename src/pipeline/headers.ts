/** Header lists as the pipeline keeps them: `[name, value]` pairs, names in the caller's case. */

/**
 * Whether `headers` has one named `name` (case-insensitive).
 *
 * @example
 * hasHeader([['Cookie', 'a=1']], 'cookie'); // true
 */
export function hasHeader(headers: ReadonlyArray<readonly [string, string]>, name: string): boolean {
  const lower = name.toLowerCase();
  for (const [own] of headers) if (own.length === lower.length && own.toLowerCase() === lower) return true;
  return false;
}

/**
 * The value of the first header named `name` (case-insensitive), or undefined.
 *
 * @example
 * headerValue([['Content-Length', '3']], 'content-length'); // '3'
 */
export function headerValue(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [own, value] of headers) if (own.length === lower.length && own.toLowerCase() === lower) return value;
  return undefined;
}

/**
 * `defaults` with `own` on top: a header of `own` replaces every default of the same name.
 *
 * @example
 * mergeHeaders([['accept', '*\/*']], [['Accept', 'text/html']]); // [['Accept', 'text/html']]
 */
export function mergeHeaders(defaults: ReadonlyArray<readonly [string, string]>, own: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const merged: Array<[string, string]> = [];
  for (const [name, value] of defaults) if (own.length === 0 || !hasHeader(own, name)) merged.push([name, value]);
  for (const [name, value] of own) merged.push([name, value]);
  return merged;
}
