/** Rule `header`: response header names must be tokens, values visible ASCII (RFC 9110 §5.1, §5.5). */
import type { LintFinding } from './options.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VISIBLE_ASCII = /^[\t\x20-\x7e]*$/;

function describeValue(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

/**
 * What is wrong with a header the app set, or undefined when it is fine. Node refuses most of
 * these itself (by throwing); values with characters between U+0080 and U+00FF it sends as Latin-1 bytes.
 *
 * @example
 * headerFinding('x-name', 'Zoë'); // { rule: 'header', message: 'the app set header x-name to a value with non-ASCII …' }
 */
export function headerFinding(name: unknown, value: unknown): LintFinding | undefined {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    return { rule: 'header', message: `the app set a header with an invalid name ${JSON.stringify(String(name))} (a header name is a token: letters, digits and !#$%&'*+-.^_\`|~)` };
  }
  for (const one of Array.isArray(value) ? (value as unknown[]) : [value]) {
    if (one === undefined) continue;
    const text = typeof one === 'string' ? one : typeof one === 'number' ? String(one) : JSON.stringify(one);
    if (VISIBLE_ASCII.test(text)) continue;
    const control = [...text].some((c) => (c.charCodeAt(0) < 0x20 && c !== '\t') || c.charCodeAt(0) === 0x7f);
    const what = control ? 'a control character (CR, LF, NUL…)' : 'non-ASCII characters, which go out as raw Latin-1 bytes or are refused (encode them, e.g. RFC 8187 filename*=UTF-8\'\'…)';
    return { rule: 'header', message: `the app set header ${name} to ${describeValue(text)}, a value with ${what}` };
  }
  return undefined;
}

/** Checks every header in what `writeHead` and `setHeaders` accept: an object, a Headers/Map, or a flat or paired array. */
export function headersFinding(headers: unknown): LintFinding | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const pairs: Array<[unknown, unknown]> = [];
  if (Array.isArray(headers)) {
    if (headers.every((entry) => Array.isArray(entry))) for (const [name, value] of headers as unknown[][]) pairs.push([name, value]);
    else for (let i = 0; i + 1 < headers.length; i += 2) pairs.push([headers[i], headers[i + 1]]);
  } else if (headers instanceof Map || headers instanceof Headers) {
    for (const [name, value] of headers as Iterable<[unknown, unknown]>) pairs.push([name, value]);
  } else {
    for (const [name, value] of Object.entries(headers)) pairs.push([name, value]);
  }
  for (const [name, value] of pairs) {
    const finding = headerFinding(name, value);
    if (finding) return finding;
  }
  return undefined;
}

/**
 * Header values a fetch handler's `Response` carries that are not visible ASCII (the `Headers`
 * class already refuses invalid names and control characters).
 */
export function fetchHeadersFinding(headers: Headers): LintFinding | undefined {
  for (const [name, value] of headers) {
    const finding = headerFinding(name, value);
    if (finding) return finding;
  }
  return undefined;
}
