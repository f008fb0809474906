/** Turns a form's entry list into a request, as the HTML spec's form submission algorithm does. */
import { randomBytes } from 'node:crypto';
import type { FormEntry } from './entry-list.js';

/** The encodings a form can use (`enctype`); anything else means URL-encoded. */
export type FormEnctype = 'application/x-www-form-urlencoded' | 'multipart/form-data' | 'text/plain';

/** Escapes a name or filename in a multipart header as the HTML spec says: `"` and newlines percent-encoded. */
const escapeHeader = (text: string) => text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/**
 * The spec's `multipart/form-data` encoding of an entry list: every file part carries a
 * `filename` (empty for a file input left empty) and a Content-Type.
 *
 * @example
 * multipart([['title', 'hi']], 'xyz'); // a Blob of '--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\nhi\r\n--xyz--\r\n'
 */
export function multipart(entries: readonly FormEntry[], boundary: string): Blob {
  const chunks: Array<string | Blob> = [];
  const text = (value: string) => chunks.push(value);
  for (const [name, value] of entries) {
    text(`--${boundary}\r\nContent-Disposition: form-data; name="${escapeHeader(normalizeNewlines(name))}"`);
    if (typeof value === 'string') {
      text(`\r\n\r\n${normalizeNewlines(value)}\r\n`);
    } else {
      text(`; filename="${escapeHeader(value.name)}"\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`);
      chunks.push(value);
      text('\r\n');
    }
  }
  text(`--${boundary}--\r\n`);
  return new Blob(chunks);
}

/** A form submission ready to send: method, absolute URL, and the body with its content type. */
export interface PlannedSubmission {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly body?: string | Blob | undefined;
  readonly contentType?: string | undefined;
}

/** Every CR not followed by LF and every LF not preceded by CR becomes CRLF. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r(?!\n)|(?<!\r)\n/g, '\r\n');
}

/** The spec's "convert to a list of name-value pairs": files become their names, newlines CRLF. */
export function toNameValuePairs(entries: readonly FormEntry[]): Array<[string, string]> {
  return entries.map(([name, value]) => [normalizeNewlines(name), normalizeNewlines(typeof value === 'string' ? value : value.name)]);
}

/** `application/x-www-form-urlencoded` serialization of an entry list. */
export function urlencode(entries: readonly FormEntry[]): string {
  return new URLSearchParams(toNameValuePairs(entries)).toString();
}

/**
 * Plans the request a form submission makes: GET puts the entries in the action's query
 * (replacing it), POST sends them as the body in the form's encoding.
 *
 * @example
 * planSubmission('GET', 'https://shop.test/search?old=1', 'multipart/form-data', [['q', 'a b']]);
 * // { method: 'GET', url: 'https://shop.test/search?q=a+b' }
 */
export function planSubmission(method: 'GET' | 'POST', action: string, enctype: FormEnctype, entries: readonly FormEntry[]): PlannedSubmission {
  const url = new URL(action);
  url.hash = '';
  if (method === 'GET') {
    url.search = urlencode(entries);
    return { method, url: url.href };
  }
  if (enctype === 'multipart/form-data') {
    const boundary = `----tandem-form-${randomBytes(12).toString('hex')}`;
    return { method, url: url.href, body: multipart(entries, boundary), contentType: `multipart/form-data; boundary=${boundary}` };
  }
  if (enctype === 'text/plain') {
    const body = toNameValuePairs(entries).map(([name, value]) => `${name}=${value}\r\n`).join('');
    return { method, url: url.href, body, contentType: 'text/plain' };
  }
  return { method, url: url.href, body: urlencode(entries), contentType: 'application/x-www-form-urlencoded' };
}
