/** Reading undici's dispatch options as the pipeline's exchanges need them. */
import type { Dispatcher } from 'undici';

function text(value: unknown): string {
  return typeof value === 'string' ? value : value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : typeof value === 'number' ? String(value) : '';
}

function add(pairs: Array<[string, string]>, name: unknown, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) for (const one of value) pairs.push([text(name), text(one)]);
  else pairs.push([text(name), text(value)]);
}

/**
 * undici's header forms (an object, a flat array, an iterable of pairs) as name/value pairs.
 *
 * @example
 * headerPairs({ accept: 'text/html' }); // [['accept', 'text/html']]
 */
export function headerPairs(headers: Dispatcher.DispatchOptions['headers']): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (headers === null || headers === undefined) return pairs;
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) for (const [name, value] of headers as unknown as Array<[unknown, unknown]>) add(pairs, name, value);
    else for (let i = 0; i + 1 < headers.length; i += 2) add(pairs, headers[i], headers[i + 1]);
  } else if (typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const [name, value] of headers as Iterable<[string, unknown]>) add(pairs, name, value);
  } else {
    for (const [name, value] of Object.entries(headers)) add(pairs, name, value);
  }
  return pairs;
}

/**
 * The body of dispatch options when it is in memory (text or bytes); undefined for a stream.
 *
 * @example
 * bodyBytes('{}'); // Uint8Array [123, 125]
 */
export function bodyBytes(body: unknown): Uint8Array | undefined {
  if (typeof body === 'string') return Buffer.from(body);
  return body instanceof Uint8Array ? body : undefined;
}
