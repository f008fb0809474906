/** Rule `unended`: a response whose head was written must be ended before the request's timeout. */
import type { Observation } from './observation.js';
import type { LintFinding } from './options.js';

/**
 * A finding when, at the request's timeout, the app had started the response (`writeHead`,
 * `write` or `flushHeaders`) but never called `end()`. A response the app never started is a plain
 * timeout, not a lint finding.
 *
 * @example
 * unendedFinding(observation, 1000); // { rule: 'unended', message: 'the app started the response (200, 0 body bytes written) but …' }
 */
export function unendedFinding(observation: Observation, timeoutMs: number | undefined): LintFinding | undefined {
  const { res } = observation;
  if (!observation.started || res.writableEnded) return undefined;
  const within = timeoutMs === undefined ? 'before the request timed out' : `within the request's timeout of ${timeoutMs} ms`;
  return {
    rule: 'unended',
    message: `the app started the response (${res.statusCode}, ${observation.bodyBytes} body bytes written) but never ended it: res.end() was not called ${within}`,
  };
}
