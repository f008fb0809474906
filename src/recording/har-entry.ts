/** One exchange as a HAR 1.2 entry, with every secret redacted. */
import { Cookie } from 'tough-cookie';
import { isSensitiveHeader, REDACTED, redactHeaderValue, redactUrl, scrub, secretsIn, secretsOfExchange } from '../format/redact.js';
import { redactSecretFields, type SecretFieldTest } from '../format/secret-fields.js';
import type { PendingRequest } from '../request/send-hooks.js';
import type { TestResponse } from '../response/test-response.js';
import type { HarContent, HarCookie, HarEntry, HarNameValue } from './har.js';

const HTTP_VERSION = 'HTTP/1.1';
const REDACTED_BYTES = Buffer.from(REDACTED);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** What the recorder knows besides the exchange itself. */
export interface EntryContext {
  /** When the request was sent (epoch milliseconds). */
  startedAt: number;
  /** The secret values among the test app's `options.headers` (see `optionSecrets`): redacted wherever they appear. */
  optionSecrets: ReadonlySet<string>;
  /** The running test, if known. */
  test: string | undefined;
  /**
   * Every secret seen in the run so far (see {@link exchangeSecrets}): scrubbed from every entry,
   * so a token sent by one request and echoed by another response is caught too.
   */
  secrets: readonly string[];
  /** The request and response bodies with their secret fields redacted (see {@link redactedBodies}). */
  bodies: ExchangeBodies;
}

/** An exchange's bodies as recorded: secret fields (`password`, `access_token`, …) redacted. */
export interface ExchangeBodies {
  request: Uint8Array | undefined;
  response: Uint8Array;
  /** The values taken out, to scrub wherever else they appear. */
  values: string[];
}

function contentTypeOf(headers: ReadonlyArray<readonly [string, string]>): string {
  return headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
}

/**
 * The bodies of an exchange with the values of secret fields redacted, by the fields' names, in
 * urlencoded and multipart forms and in JSON (see `secretFieldTest`).
 */
export function redactedBodies(response: TestResponse, request: PendingRequest, isSecret: SecretFieldTest): ExchangeBodies {
  const sent = request.body && redactSecretFields(request.body, contentTypeOf(request.headers), isSecret);
  const received = redactSecretFields(response.body, response.headers.get('content-type') ?? '', isSecret);
  return { request: sent?.bytes, response: received.bytes, values: [...(sent?.values ?? []), ...received.values] };
}

/**
 * The secrets an exchange carries: credential headers both ways, query credentials, and the
 * test app's own (`options.headers` values, `options.secrets`, which its request summary holds).
 */
export function exchangeSecrets(response: TestResponse, request: PendingRequest): string[] {
  return [...secretsOfExchange(response.request, response), ...secretsIn(request.headers)].filter((secret) => secret.length >= 4);
}

/** Builds the HAR entry of one exchange. Nothing secret is copied into it. */
export function harEntry(response: TestResponse, request: PendingRequest, context: EntryContext): HarEntry {
  const { secrets } = context;
  const header = (name: string, value: string): HarNameValue => ({
    name,
    value: isSensitiveHeader(name) ? redactHeaderValue(name, value) : context.optionSecrets.has(value) ? REDACTED : scrub(value, secrets),
  });
  const url = scrubbedUrl(request.url.origin + request.requestTarget, secrets);
  const requestBody = context.bodies.request;
  const streamed = requestBody === undefined && request.spec?.body !== undefined;
  const contentType = contentTypeOf(request.headers);
  const location = response.headers.get('location');
  const entry: HarEntry = {
    startedDateTime: new Date(context.startedAt).toISOString(),
    time: milliseconds(response.durationMs),
    request: {
      method: request.method,
      url: url.href,
      httpVersion: HTTP_VERSION,
      cookies: request.headers.filter(([name]) => name.toLowerCase() === 'cookie').flatMap(([, value]) => requestCookies(value)),
      headers: request.headers.map(([name, value]) => header(name, value)),
      queryString: [...url.query].map(([name, value]) => ({ name, value })),
      headersSize: -1,
      bodySize: streamed ? -1 : (request.body?.byteLength ?? 0),
    },
    response: {
      status: response.status,
      statusText: response.statusText,
      httpVersion: HTTP_VERSION,
      cookies: response.headers.getSetCookie().map(responseCookie),
      headers: [...response.headers].map(([name, value]) => header(name, value)),
      content: content(context.bodies.response, response.headers.get('content-type') ?? '', secrets, response.body.byteLength),
      redirectURL: location === null ? '' : redirectUrl(location, response.url, secrets),
      headersSize: -1,
      bodySize: response.body.byteLength,
    },
    cache: {},
    timings: { send: 0, wait: milliseconds(response.durationMs), receive: 0 },
    _mode: response.target.mode,
  };
  if (requestBody && requestBody.byteLength > 0) {
    const body = content(requestBody, contentType, secrets);
    entry.request.postData = { mimeType: contentType, text: body.text ?? '' };
    // HAR's postData has no encoding field: a binary request body is base64 text, marked so.
    if (body.encoding) entry.request.postData._encoding = body.encoding;
  }
  if (context.test !== undefined) entry._test = scrub(context.test, secrets);
  return entry;
}

/** Milliseconds to the microsecond, as browsers write them. */
function milliseconds(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Body content: text when the (scrubbed) bytes are UTF-8, base64 otherwise; `size` is the body's size as sent. */
function content(bytes: Uint8Array, mimeType: string, secrets: readonly string[], size = bytes.byteLength): HarContent {
  const scrubbed = scrubBytes(bytes, secrets);
  try {
    return { size, mimeType, text: strictUtf8.decode(scrubbed) };
  } catch {
    return { size, mimeType, text: Buffer.from(scrubbed).toString('base64'), encoding: 'base64' };
  }
}

/**
 * Replaces every secret's bytes inside a body, so that even a binary body (written as base64)
 * cannot carry one.
 */
function scrubBytes(bytes: Uint8Array, secrets: readonly string[]): Uint8Array {
  let out = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const secret of secrets) {
    const needle = Buffer.from(secret);
    let at = out.indexOf(needle);
    if (at < 0) continue;
    const parts: Buffer[] = [];
    let from = 0;
    while (at >= 0) {
      parts.push(out.subarray(from, at), REDACTED_BYTES);
      from = at + needle.length;
      at = out.indexOf(needle, from);
    }
    parts.push(out.subarray(from));
    out = Buffer.concat(parts);
  }
  return out;
}

/** The cookies of a `Cookie` header: names kept, values redacted. */
function requestCookies(header: string): HarCookie[] {
  return header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return { name: eq >= 0 ? pair.slice(0, eq).trim() : '', value: REDACTED };
    });
}

/** A `Set-Cookie` header as a HAR cookie: its attributes kept, its value redacted. */
function responseCookie(header: string): HarCookie {
  const parsed = Cookie.parse(header, { loose: true });
  if (!parsed) {
    const pair = header.split(';')[0] ?? '';
    const eq = pair.indexOf('=');
    return { name: eq >= 0 ? pair.slice(0, eq).trim() : '', value: REDACTED };
  }
  const cookie: HarCookie = { name: parsed.key, value: REDACTED, httpOnly: parsed.httpOnly, secure: parsed.secure };
  if (parsed.path) cookie.path = parsed.path;
  if (parsed.domain) cookie.domain = parsed.domain;
  if (parsed.expires instanceof Date) cookie.expires = parsed.expires.toISOString();
  return cookie;
}

/**
 * The URL as sent (the request-target as written) with credentials redacted and secrets scrubbed
 * (or, should scrubbing break it, only its origin kept), and its query parameters.
 */
function scrubbedUrl(sent: string, secrets: readonly string[]): { href: string; query: URLSearchParams } {
  const href = scrub(redactUrl(sent), secrets);
  try {
    return { href, query: new URL(href).searchParams };
  } catch {
    return { href: `${new URL(sent).origin}/${REDACTED}`, query: new URLSearchParams() };
  }
}

function redirectUrl(location: string, base: string, secrets: readonly string[]): string {
  let absolute: string;
  try {
    absolute = new URL(location, base).href;
  } catch {
    return scrub(location, secrets);
  }
  return scrub(redactUrl(absolute), secrets);
}
