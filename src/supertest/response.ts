/** A response as superagent 10 fills it, built from tandem's `TestResponse`. */
import { STATUS_CODES } from 'node:http';
import type { TestResponse } from '../response/test-response.js';
import { mimeOf, type ReadBody } from './read-body.js';

/** What `res.error` holds for a 4xx or 5xx response, as superagent's `toError()` builds it. */
export interface HttpError extends Error {
  status: number;
  text: string | undefined;
  method: string;
  path: string;
}

/** The request a response answers: `res.req`, `res.request`. */
export interface SentRequest {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
}

/** Header fields as Node's `IncomingMessage.headers` gives them: lower-case names, `set-cookie` as an array. */
export function headerObject(headers: Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of headers) if (name !== 'set-cookie') out[name] = value;
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  return out;
}

/** Header field parameters (`charset=utf-8`), as superagent's `utils.params`. */
function params(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(/ *; */)) {
    const [key, ...rest] = part.split(/ *= */);
    const v = rest.join('=');
    if (key && v && key !== '__proto__' && key !== 'constructor' && key !== 'prototype') out[key] = v;
  }
  return out;
}

/** The `Link` header as `{ rel: url }`, as superagent's `utils.parseLinks`. */
function parseLinks(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const link of value.split(/ *, */)) {
    const parts = link.split(/ *; */);
    const url = (parts[0] ?? '').slice(1, -1);
    for (const part of parts.slice(1)) {
      const [key, relation] = part.split(/ *= */, 2);
      if (key?.toLowerCase() === 'rel' && relation) {
        for (const rel of relation.replace(/^"|"$/g, '').split(/ +/)) if (rel && rel !== '__proto__' && rel !== 'constructor' && rel !== 'prototype') out[rel] = url;
        break;
      }
    }
  }
  return out;
}

/**
 * The response a supertest suite reads: superagent's fields (`status`, `text`, `body`, `headers`,
 * `type`, `charset`, `links`, the status flags, `error`), plus `tandem`, the full `TestResponse`.
 *
 * @example
 * const res = await request(app).get('/user');
 * res.status;              // 200
 * res.type;                // 'application/json'
 * res.body.name;           // 'tobi'
 * res.headers['set-cookie']; // ['sid=…; Path=/']
 */
export class Response {
  readonly status: number;
  readonly statusCode: number;
  /** The status class: 1 to 9. */
  readonly statusType: number;
  readonly info: boolean;
  readonly ok: boolean;
  readonly redirect: boolean;
  readonly clientError: boolean;
  readonly serverError: boolean;
  /** An `Error` for 4xx and 5xx responses (`cannot GET /x (404)`), else `false`. */
  readonly error: HttpError | false;
  readonly created: boolean;
  readonly accepted: boolean;
  readonly noContent: boolean;
  readonly badRequest: boolean;
  readonly unauthorized: boolean;
  readonly notAcceptable: boolean;
  readonly forbidden: boolean;
  readonly notFound: boolean;
  readonly unprocessableEntity: boolean;
  /** Lower-case header names; `set-cookie` is an array. */
  readonly headers: Record<string, string | string[]>;
  /** The same object as `headers`. */
  readonly header: Record<string, string | string[]>;
  /** The content type without parameters, e.g. `'text/html'`. */
  readonly type: string;
  /** The content type's `charset` parameter, when it has one (its other parameters are set too). */
  readonly charset: string | undefined;
  /** The `Link` header's relations: `{ next: '…', last: '…' }`. */
  readonly links: Record<string, string>;
  /** The body as text, for text, JSON and form bodies (undefined for binary ones and HEAD). */
  text: string;
  /** The parsed body: JSON, a form's fields, a Buffer for binary types; `{}` for text. */
  body: any;
  /** Files of a multipart response (`{}` unless a custom parser gave some). */
  files: any;
  /** The URLs of the redirects followed (with `.redirects(n)`). */
  redirects: string[];
  /** Whether the body was read (`.buffer()`). */
  readonly buffered: boolean;
  /** The request this response answers. */
  readonly req: SentRequest;
  /** The same as `req`. */
  readonly request: SentRequest;
  /** tandem's response: raw bytes, `Headers`, timing, the target that answered. */
  readonly tandem: TestResponse;
  [param: string]: unknown;

  constructor(res: TestResponse, headers: Record<string, string | string[]>, read: ReadBody, req: SentRequest, buffered: boolean, redirects: string[]) {
    const status = res.status;
    const type = Math.trunc(status / 100);
    this.tandem = res;
    this.req = req;
    this.request = req;
    this.status = status;
    this.statusCode = status;
    this.statusType = type;
    this.info = type === 1;
    this.ok = type === 2;
    this.redirect = type === 3;
    this.clientError = type === 4;
    this.serverError = type === 5;
    this.created = status === 201;
    this.accepted = status === 202;
    this.noContent = status === 204;
    this.badRequest = status === 400;
    this.unauthorized = status === 401;
    this.notAcceptable = status === 406;
    this.forbidden = status === 403;
    this.notFound = status === 404;
    this.unprocessableEntity = status === 422;
    this.headers = headers;
    this.header = headers;
    this.text = read.text as string;
    this.body = read.body === undefined ? {} : read.body;
    this.files = read.files ?? {};
    this.buffered = buffered;
    this.redirects = redirects;
    const contentType = String(headers['content-type'] ?? '');
    this.type = mimeOf(contentType);
    const found = params(contentType);
    this.charset = found.charset;
    for (const [key, value] of Object.entries(found)) if (!(key in this)) this[key] = value;
    let links: Record<string, string> = {};
    try {
      if (headers.link) links = parseLinks(String(headers.link));
    } catch {
      // superagent ignores a malformed Link header
    }
    this.links = links;
    this.error = type === 4 || type === 5 ? this.toError() : false;
  }

  /** A header's value by case-insensitive name. */
  get(field: string): any {
    return this.headers[field.toLowerCase()];
  }

  /** The error superagent reports for this response: `cannot GET /path (404)`. */
  toError(): HttpError {
    const { method, path } = this.req;
    const error = new Error(`cannot ${method} ${path} (${this.status})`) as HttpError;
    error.status = this.status;
    error.text = this.text;
    error.method = method;
    error.path = path;
    return error;
  }

  /**
   * What superagent's `res.res` (Node's `IncomingMessage`) offers to read: the status, the parsed
   * headers and the header lines as the app wrote them (`rawHeaders`, names in their own case).
   * It is a plain view: the body was read already (see `text`, `body`).
   *
   * @example
   * const res = await request(app).options('/').expect(200);
   * res.res.rawHeaders.filter((line) => line === 'Allow').length; // 1
   */
  get res(): { statusCode: number; statusMessage: string; headers: Record<string, string | string[]>; rawHeaders: string[]; httpVersion: string } {
    const res = this.tandem;
    return { statusCode: res.status, statusMessage: res.statusText, headers: this.headers, rawHeaders: res.rawHeaders, httpVersion: '1.1' };
  }

  /** What `JSON.stringify(res)` shows. */
  toJSON(): { req: { method: string; url: string; headers: Record<string, string> }; header: Record<string, string | string[]>; status: number; text: string } {
    const { method, url, headers } = this.req;
    return { req: { method, url, headers }, header: this.header, status: this.status, text: this.text };
  }
}

/** The reason phrase supertest prints for a status, e.g. `"Not Found"` (`undefined` for unknown codes). */
export function reasonOf(status: number): string | undefined {
  return STATUS_CODES[status];
}
