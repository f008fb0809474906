/** The one layout of every tandem failure: what was asked, where, what came back, and how to reproduce it. */
import { bodyExcerpt } from './body-excerpt.js';
import { toCurl } from './curl.js';
import type { RequestSummary, ResponseSummary, TargetInfo } from './exchange.js';
import { redactHeaderValue, scrub, secretsOfExchange } from './redact.js';

export interface FailureParts {
  headline: string;
  request?: RequestSummary | undefined;
  response?: ResponseSummary | undefined;
  target?: TargetInfo | undefined;
  /** Extra lines shown after the response, e.g. a diff. */
  details?: string | undefined;
  /** False when the request was refused before it was sent: no command to send it is shown. */
  reproducible?: boolean | undefined;
}

/**
 * How to send the request again, honestly for each mode: remote, the curl line itself; over
 * loopback, the curl line for as long as the test app (and its port) is open; in-process, where
 * no port exists, the curl line against `$TANDEM_TARGET` and how to get a target to send it to.
 */
function reproduce(request: RequestSummary, target: TargetInfo | undefined): string[] {
  if (target?.mode === 'in-process') {
    return [
      "  reproduce (in-process, no port listens): run the test against a deployment (TANDEM_TARGET=<url>) or with transport: 'loopback', or send this to one:",
      `    ${toCurl(request, { base: '"$TANDEM_TARGET"' })}`,
    ];
  }
  if (target?.mode === 'loopback') return ['  reproduce (while the test app is open; its port closes with it):', `    ${toCurl(request)}`];
  return ['  reproduce:', `    ${toCurl(request)}`];
}

const indent = (text: string, by = '    ') => text.split('\n').map((l) => by + l).join('\n');

/** Describes a target in a few words: `in-process: express`, `remote: https://staging.example.com`. */
export function describeTarget(target: TargetInfo): string {
  return target.mode === 'in-process' ? `in-process: ${target.kind}` : `${target.mode}: ${target.origin}`;
}

/** Formats a failure message; secrets of the request (and any the response set) are scrubbed from every part of it. */
export function formatFailure(parts: FailureParts): string {
  const { headline, request, response, target, details, reproducible = true } = parts;
  // One section after another, without blank lines: a failure stays short in a runner's report.
  const out = [headline, ''];
  const took = response?.durationMs === undefined ? '' : ` (${Math.round(response.durationMs)} ms)`;
  const status = response ? `  ← ${response.status} ${response.statusText}${took}` : '';
  if (request) out.push(`  ${request.method} ${request.url}${target ? `  [${describeTarget(target)}]` : ''}${status}`);
  else if (target) out.push(`  target: ${describeTarget(target)}${status}`);
  if (response) {
    out.push('  response headers:');
    for (const [name, value] of response.headers) out.push(`    ${name}: ${redactHeaderValue(name, value)}`);
    out.push(`  response body (${response.body.byteLength} bytes):`, indent(bodyExcerpt(response.body)));
  }
  if (details) out.push(indent(details, '  '));
  if (request) out.push(...(reproducible ? reproduce(request, target) : ['  not sent: tandem refused the request before it left the test, so there is nothing to reproduce']));
  if (out.length === 2) out.pop();
  return scrub(out.join('\n'), secretsOfExchange(request, response));
}
