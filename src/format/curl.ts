/** A `curl` command line that reproduces a request, with secrets already redacted in its summary. */
import type { RequestSummary } from './exchange.js';

/** Bodies larger than this are left out of the curl line, with a note saying so. */
const MAX_CURL_BODY = 64 * 1024;

/** Quotes a string for a POSIX shell; uses `$'…'` with escapes when it holds control or non-UTF-8 bytes. */
export function shellQuote(bytes: Uint8Array | string): string {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buf.toString('utf8');
  // eslint-disable-next-line no-control-regex -- control bytes are exactly what must be detected here
  const clean = Buffer.from(text, 'utf8').equals(buf) && !/[\x00-\x08\x0b-\x1f\x7f]/.test(text);
  if (clean) return `'${text.replace(/'/g, `'\\''`)}'`;
  let out = "$'";
  for (const byte of buf) {
    if (byte === 0x27) out += "\\'";
    else if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte === 0x09) out += '\\t';
    else if (byte < 0x20 || byte >= 0x7f) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}'`;
}

/**
 * The body as a `printf` format in single quotes: bash cannot hold a NUL byte in an argument, so
 * such bodies are piped in (`printf … | curl --data-binary @-`).
 */
function printfQuote(bytes: Uint8Array): string {
  let out = "'";
  for (const [i, byte] of bytes.entries()) {
    if (byte === 0x25) out += '%%';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x27 || byte < 0x20 || byte >= 0x7f || (i === 0 && byte === 0x2d)) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}'`;
}

/** Hop-by-hop and framing headers that curl sets by itself. */
const CURL_SETS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

/** How {@link toCurl} writes the URL. */
export interface CurlOptions {
  /**
   * Shell text put before the URL's path and query instead of its origin, e.g. `"$TANDEM_TARGET"`
   * for a request that went to no port (in-process).
   */
  base?: string | undefined;
}

/** Where the path starts in an absolute URL string: after `scheme://authority`. */
function pathStart(url: string): number {
  const slashes = url.indexOf('//');
  if (slashes < 0) return -1;
  const rest = url.slice(slashes + 2).search(/[/?#]/);
  return rest < 0 ? url.length : rest + slashes + 2;
}

/** The URL as a shell word: quoted whole, or its path and query, as sent, quoted after `base`. */
function urlWord(url: string, base: string | undefined): string {
  if (base === undefined) return shellQuote(url);
  const start = pathStart(url);
  if (start < 0) return shellQuote(url);
  const target = url.slice(start);
  return `${base}${shellQuote(target.startsWith('/') ? target : `/${target}`)}`;
}

/** A `.` or `..` segment (or its `%2e` spelling), which curl would resolve without `--path-as-is`. */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

/** curl's options that make it send the URL as it is: dot segments kept, `[]{}` not read as globs. */
function asIsOptions(url: string): string[] {
  const start = pathStart(url);
  const path = start < 0 ? '' : /^[^?#]*/.exec(url.slice(start))![0];
  const options: string[] = [];
  if (DOT_SEGMENT.test(path)) options.push('--path-as-is');
  if (/[[\]{}]/.test(url)) options.push('--globoff');
  return options;
}

/**
 * Renders a request as a `curl` command.
 *
 * @example
 * toCurl({ method: 'POST', url: 'http://localhost/notes', headers: [['content-type', 'application/json']], body: Buffer.from('{}') });
 * // curl -X POST 'http://localhost/notes' -H 'content-type: application/json' --data-binary '{}'
 * toCurl({ method: 'GET', url: 'http://localhost/notes?page=2', headers: [] }, { base: '"$TANDEM_TARGET"' });
 * // curl "$TANDEM_TARGET"'/notes?page=2'
 * toCurl({ method: 'GET', url: 'http://localhost/static/../secret', headers: [] });
 * // curl --path-as-is 'http://localhost/static/../secret'
 */
export function toCurl(request: RequestSummary, options: CurlOptions = {}): string {
  const parts = ['curl'];
  if (request.method === 'HEAD') parts.push('--head');
  else if (request.method !== 'GET' || request.body?.byteLength) parts.push('-X', request.method);
  parts.push(...asIsOptions(request.url), urlWord(request.url, options.base));
  for (const [name, value] of request.headers) {
    if (!CURL_SETS.has(name.toLowerCase())) parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  const body = request.body;
  if (body && body.byteLength > 0) {
    // curl would add its own `application/x-www-form-urlencoded`; an empty -H removes it.
    if (!request.headers.some(([name]) => name.toLowerCase() === 'content-type')) parts.push('-H', "'Content-Type:'");
    if (body.byteLength > MAX_CURL_BODY) parts.push(`--data-binary @body.bin  # body of ${body.byteLength} bytes not shown`);
    // A NUL cannot be passed in an argument, and a leading @ would make curl read a file.
    else if (body.includes(0) || body[0] === 0x40) return `printf ${printfQuote(body)} | ${parts.join(' ')} --data-binary @-`;
    else parts.push('--data-binary', shellQuote(body));
  }
  return parts.join(' ');
}
