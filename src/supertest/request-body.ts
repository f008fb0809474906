/**
 * superagent's rules for request bodies: `.send()` merges objects and concatenates strings, a
 * string defaults the type to a form and an object to JSON, and the body is serialised by its
 * content type (qs for forms, JSON for `*json` types) unless `.serialize(fn)` says otherwise.
 * `.field()` and `.attach()` build a multipart body instead.
 */
import { Readable } from 'node:stream';
import { basename } from 'node:path';
import { openAsBlob } from 'node:fs';
import mime from 'mime-types';
import qs from 'qs';
import type { FormData } from 'undici';
import { undici } from '../targets/undici.js';
import { isJson, mimeOf } from './read-body.js';
import type { RawBody } from '../request/request-spec.js';

/** A serialiser, as `.serialize(fn)` takes it. */
export type Serializer = (data: any) => string | Uint8Array;

/** Options of `.attach()` / `.field()` parts: a filename string, or `{ filename, contentType }`. */
export type PartOptions = string | { filename?: string; contentType?: string };

/** One multipart part, added to the form when the request is sent. */
type Part = (form: FormData) => Promise<void> | void;

/** Anything `.send()` takes that is sent as it is: bytes or a stream. */
export function isHost(data: unknown): data is Uint8Array | Readable {
  return data instanceof Uint8Array || data instanceof Readable;
}

/** `.type('json')` / `.accept('html')`: a short name or extension becomes its mime type, as superagent does. */
export function mimeFor(type: string): string {
  if (type.includes('/')) return type;
  if (['form', 'urlencoded', 'form-data'].includes(type)) return 'application/x-www-form-urlencoded';
  return mime.lookup(type) || type;
}

/** Merges one `.send(data)` call into the body so far; `type` is the Content-Type already set. */
export function mergeSend(current: unknown, data: unknown, type: string | undefined): unknown {
  const isObject = typeof data === 'object' && data !== null;
  if (typeof data === 'bigint') throw new Error('Cannot send value of type BigInt');
  if (isObject && !isHost(data)) {
    if (isHost(current) || typeof current === 'string') {
      if (current) throw new Error("Can't merge these send calls");
    }
    const merged = (typeof current === 'object' && current !== null && !isHost(current) ? current : Array.isArray(data) ? [] : {}) as Record<string, unknown>;
    for (const key of Object.keys(data)) {
      const value = (data as Record<string, unknown>)[key];
      if (typeof value === 'bigint') throw new Error('Cannot serialize BigInt value to json');
      Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return merged;
  }
  if (data && isHost(current)) throw new Error("Can't merge these send calls");
  if (typeof data === 'string') {
    if (type?.toLowerCase().trim() === 'application/x-www-form-urlencoded') return typeof current === 'string' && current ? `${current}&${data}` : data;
    return (typeof current === 'string' ? current : '') + data;
  }
  return data;
}

/** Serialises the body for sending by its content type; strings, bytes and streams go as they are. */
export function serialize(data: unknown, contentType: string | undefined, custom: Serializer | undefined): RawBody {
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  if (data instanceof Readable) return data as AsyncIterable<Uint8Array>;
  const type = mimeOf(contentType ?? '');
  if (custom) return custom(data);
  if (type === 'application/x-www-form-urlencoded') return qs.stringify(data, { indices: false, strictNullHandling: true });
  if (type === 'application/json' || type === 'application/csp-report' || isJson(type)) return JSON.stringify(data);
  throw new TypeError(`cannot send a ${Array.isArray(data) ? 'array' : typeof data} as ${type || 'a body without Content-Type'}: set .type('json') or .type('form'), or send a string or Buffer`);
}

function partOptions(options: PartOptions | undefined): { filename?: string | undefined; contentType?: string | undefined } {
  return typeof options === 'string' ? { filename: options } : (options ?? {});
}

async function streamBytes(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * The parts of a `.field()` / `.attach()` body, in call order, as form-data (superagent's
 * multipart library) names them: a file's name is its basename, its type looked up from it.
 */
export class MultipartBody {
  readonly #parts: Part[] = [];

  /** `.field(name, value)`: a text part (booleans and numbers as text), or a Buffer part. */
  field(name: string, value: unknown, options?: PartOptions): void {
    if (value === null || value === undefined) throw new Error('.field(name, val) val can not be empty');
    if (typeof value === 'object' && !(value instanceof Uint8Array)) throw new Error(`.field(${name}, val): val must be a string, number, boolean or Buffer; attach files with .attach()`);
    const text = value instanceof Uint8Array ? value : String(value as string | number | boolean); // eslint-disable-line @typescript-eslint/no-unnecessary-type-assertion -- narrowed above: not an object
    if (text instanceof Uint8Array || (typeof options === 'object' && options !== null) || typeof options === 'string') {
      this.#file(name, typeof text === 'string' ? Buffer.from(text) : text, options);
      return;
    }
    this.#parts.push((form) => form.append(name, text));
  }

  /** `.attach(field, file, options)`: a file by path, a Buffer, or a readable stream. */
  attach(name: string, file: string | Uint8Array | Readable, options?: PartOptions): void {
    const o = partOptions(options);
    if (typeof file === 'string') this.#file(name, file, { filename: o.filename ?? file, contentType: o.contentType });
    else if (file instanceof Readable && !o.filename && typeof (file as Readable & { path?: unknown }).path === 'string') {
      this.#file(name, file, { filename: String((file as Readable & { path: string }).path), contentType: o.contentType });
    } else this.#file(name, file, o);
  }

  #file(name: string, data: string | Uint8Array | Readable, options: PartOptions | undefined): void {
    const { filename, contentType } = partOptions(options);
    const shortName = filename === undefined ? undefined : basename(filename);
    const type = contentType ?? ((shortName && mime.lookup(shortName)) || 'application/octet-stream');
    this.#parts.push(async (form) => {
      const blob = typeof data === 'string' ? await openAsBlob(data, { type }) : new Blob([data instanceof Readable ? await streamBytes(data) : data], { type });
      if (shortName === undefined) form.append(name, blob);
      else form.append(name, blob, shortName);
    });
  }

  /** The body, read and assembled (files are read now). */
  async build(): Promise<FormData> {
    const form = new (undici().FormData)();
    for (const part of this.#parts) await part(form);
    return form;
  }
}
