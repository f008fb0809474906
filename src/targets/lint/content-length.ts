/** Rule `content-length`: a declared `Content-Length` must be a number equal to the body written (RFC 9110 §8.6). */
import type { LintFinding } from './options.js';

/**
 * A finding when `declared` (the response's Content-Length, if any) does not fit the `written` body
 * bytes. HEAD and 304 responses describe another representation's length and are not compared; a
 * 204 must not have the header at all.
 *
 * @example
 * contentLengthFinding('GET', 200, '10', 3); // a finding: 10 declared, 3 written
 */
export function contentLengthFinding(method: string, status: number, declared: unknown, written: number): LintFinding | undefined {
  if (declared === undefined || declared === null) return undefined;
  const text = (Array.isArray(declared) ? declared : [declared]).map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v))).join(', ');
  if (status === 204) return { rule: 'content-length', message: `the app sent Content-Length: ${text} on a 204 response, which must not carry one` };
  if (!/^\d+$/.test(text.trim())) return { rule: 'content-length', message: `the app sent Content-Length: ${JSON.stringify(text)}, which is not a number of bytes` };
  if (method === 'HEAD' || status === 304 || (status >= 100 && status < 200)) return undefined;
  const length = Number(text.trim());
  if (length === written) return undefined;
  return {
    rule: 'content-length',
    message: `the app sent Content-Length: ${length} but wrote ${written} body bytes; a client ${length > written ? 'waits for bytes that never come' : 'reads the extra bytes as the start of the next response'}`,
  };
}
