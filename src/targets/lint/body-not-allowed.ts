/** Rule `body-not-allowed`: no body on a 204 or 304 response, nor on a response to HEAD (RFC 9110 §6.4.1). */
import type { LintFinding } from './options.js';

/**
 * A finding when the app writes `bytes` (> 0) of body on a response that cannot have one. Node drops
 * those bytes silently, so only the attempt shows it.
 *
 * @example
 * bodyNotAllowedFinding('GET', 204, 5); // a finding
 */
export function bodyNotAllowedFinding(method: string, status: number, bytes: number): LintFinding | undefined {
  if (bytes === 0) return undefined;
  const why = method === 'HEAD' ? 'a response to HEAD' : status === 204 || status === 304 ? `a ${status} response` : undefined;
  if (!why) return undefined;
  return { rule: 'body-not-allowed', message: `the app wrote ${bytes} body bytes on ${why}, which has no body; Node drops them, other servers and proxies may not` };
}
