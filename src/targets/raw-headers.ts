/** Header lines as they came off the wire (`[name, value, name, value…]`), read as a platform `Headers`. */

/**
 * A platform `Headers` from raw header lines, repeated names kept in order.
 *
 * @example
 * rawToHeaders(['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2']).getSetCookie(); // ['a=1', 'b=2']
 */
export function rawToHeaders(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}
