/** The values a test app must never show or write: what its options and environment hand it. */
import { secretsIn } from '../format/redact.js';

/** Request headers that describe content or the client, never a credential. */
const PLAIN_HEADERS = new Set([
  'accept',
  'accept-charset',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'content-language',
  'content-type',
  'origin',
  'pragma',
  'referer',
  'user-agent',
  'x-requested-with',
]);

/**
 * The secrets among `options.headers`: every value of a header that is not one of the plain
 * content and client headers (`accept`, `content-type`, `user-agent`, …), with the credential
 * inside `Authorization`/`Cookie` values, so they are scrubbed wherever they reappear.
 *
 * @example
 * optionSecrets([['x-tenant-key', 'k-123456'], ['accept', 'application/json']]); // ['k-123456']
 */
export function optionSecrets(headers: ReadonlyArray<readonly [string, string]>, except: ReadonlySet<string> = new Set()): string[] {
  const own = headers.filter(([name]) => !PLAIN_HEADERS.has(name.toLowerCase()) && !except.has(name.toLowerCase()));
  return [...new Set([...own.map(([, value]) => value), ...secretsIn(own)])].filter((value) => value.length >= 4);
}
