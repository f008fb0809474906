/** Rule `json-content-type`: a body that is a JSON object or array must say it is JSON. */
import type { LintFinding } from './options.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `application/json`, any `+json` type, and types naming JSON in their subtype (`application/x-ndjson`). */
export function isJsonMediaType(contentType: string | null): boolean {
  if (!contentType) return false;
  const essence = contentType.split(';', 1)[0]!.trim().toLowerCase();
  const slash = essence.indexOf('/');
  return slash > 0 && essence.slice(slash + 1).includes('json');
}

function firstNonSpace(body: Uint8Array): number | undefined {
  for (const byte of body) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0xef && byte !== 0xbb && byte !== 0xbf) return byte;
  return undefined;
}

/**
 * A finding when `body` parses as a JSON object or array but `headers` give no JSON content type.
 * Compressed bodies (a `Content-Encoding` other than identity) are not inspected.
 *
 * @example
 * jsonContentTypeFinding(new Headers({ 'content-type': 'text/html' }), Buffer.from('{"a":1}')); // a finding
 */
export function jsonContentTypeFinding(headers: Headers, body: Uint8Array): LintFinding | undefined {
  const contentType = headers.get('content-type');
  if (body.byteLength === 0 || isJsonMediaType(contentType)) return undefined;
  const encoding = headers.get('content-encoding');
  if (encoding && encoding.trim().toLowerCase() !== 'identity') return undefined;
  const first = firstNonSpace(body);
  if (first !== 0x7b && first !== 0x5b) return undefined; // { or [
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(body));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const said = contentType ? `Content-Type ${contentType}` : 'no Content-Type';
  return {
    rule: 'json-content-type',
    message: `the app sent a JSON ${Array.isArray(parsed) ? 'array' : 'object'} with ${said}; JSON needs application/json (or a +json type), or clients will not parse it as JSON`,
  };
}
