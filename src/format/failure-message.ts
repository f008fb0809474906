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
}

const indent = (text: string, by = '    ') => text.split('\n').map((l) => by + l).join('\n');

/** Describes a target in a few words: `in-process: express`, `remote: https://staging.example.com`. */
export function describeTarget(target: TargetInfo): string {
  return target.mode === 'in-process' ? `in-process: ${target.kind}` : `${target.mode}: ${target.origin}`;
}

/** Formats a failure message; secrets of the request (and any the response set) are scrubbed from every part of it. */
export function formatFailure(parts: FailureParts): string {
  const { headline, request, response, target, details } = parts;
  const out = [headline];
  if (request) {
    out.push('', `  ${request.method} ${request.url}${target ? `  [${describeTarget(target)}]` : ''}`);
  } else if (target) {
    out.push('', `  target: ${describeTarget(target)}`);
  }
  if (response) {
    const took = response.durationMs === undefined ? '' : ` (${Math.round(response.durationMs)} ms)`;
    out.push(`  ← ${response.status} ${response.statusText}${took}`, '', '  response headers:');
    for (const [name, value] of response.headers) out.push(`    ${name}: ${redactHeaderValue(name, value)}`);
    out.push('', `  response body (${response.body.byteLength} bytes):`, indent(bodyExcerpt(response.body)));
  }
  if (details) out.push('', indent(details, '  '));
  if (request) out.push('', '  reproduce:', `    ${toCurl(request)}`);
  return scrub(out.join('\n'), secretsOfExchange(request, response));
}
