/** Turns the body given to a builder into bytes (or a stream) and a content type. */
import type { FormData as UndiciFormData } from 'undici';
import { isUndiciFormData, undici } from '../targets/undici.js';
import type { OutgoingBody } from '../targets/target.js';
import type { BodySource, FilePart, MultipartFields, ParamValue } from './request-spec.js';

export interface EncodedBody {
  body: OutgoingBody;
  /** The content type the body implies, used unless the request sets one. */
  contentType: string | undefined;
}

/** Adds `params` to a URLSearchParams: arrays repeat the key, null/undefined are left out. */
export function appendParams(target: URLSearchParams | Array<[string, string]>, params: Record<string, ParamValue>): void {
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (Array.isArray(target)) target.push([key, String(item)]);
      else target.append(key, String(item));
    }
  }
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function toBlob(part: FilePart | Blob): Blob {
  if (part instanceof Blob) return part;
  const data = part.data;
  return data instanceof Blob ? data : new Blob([typeof data === 'string' ? data : new Uint8Array(data instanceof ArrayBuffer ? data : data)], { type: part.contentType ?? 'application/octet-stream' });
}

/** Serialises multipart fields with undici's own FormData, so boundaries and escaping follow the fetch spec. */
async function encodeMultipart(fields: MultipartFields | FormData): Promise<EncodedBody> {
  let form: UndiciFormData;
  if (fields instanceof FormData || isUndiciFormData(fields)) {
    form = new (undici().FormData)();
    for (const [name, value] of (fields).entries()) form.append(name, value);
  } else {
    form = new (undici().FormData)();
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === 'object') {
          const filename = item instanceof Blob ? (item as File).name ?? 'blob' : item.filename ?? 'file';
          form.append(name, toBlob(item), filename);
        } else form.append(name, String(item));
      }
    }
  }
  const response = new (undici().Response)(form);
  return { body: new Uint8Array(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? undefined };
}

/** Serialises JSON, refusing what JSON cannot carry (undefined, BigInt, cycles) with a clear reason. */
export function encodeJson(value: unknown): Uint8Array {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`${typeof value} cannot be sent as JSON`);
  return utf8(text);
}

/**
 * Encodes a body. Errors are thrown as plain errors; the caller reports them as invalid requests.
 *
 * @example
 * await encodeBody({ kind: 'json', value: { a: 1 } }); // { body: <bytes {"a":1}>, contentType: 'application/json' }
 */
export async function encodeBody(source: BodySource): Promise<EncodedBody> {
  switch (source.kind) {
    case 'json':
      return { body: encodeJson(source.value), contentType: 'application/json' };
    case 'form': {
      const params = new URLSearchParams();
      appendParams(params, source.value);
      return { body: utf8(params.toString()), contentType: 'application/x-www-form-urlencoded;charset=UTF-8' };
    }
    case 'multipart':
      return encodeMultipart(source.fields);
  }
  const { value, contentType } = source;
  if (typeof value === 'string') return { body: utf8(value), contentType: contentType ?? 'text/plain;charset=UTF-8' };
  if (value instanceof Uint8Array) return { body: value, contentType };
  if (value instanceof ArrayBuffer) return { body: new Uint8Array(value), contentType };
  if (value instanceof Blob) return { body: new Uint8Array(await value.arrayBuffer()), contentType: contentType ?? (value.type || undefined) };
  if (value instanceof URLSearchParams) return { body: utf8(value.toString()), contentType: contentType ?? 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (value instanceof FormData || isUndiciFormData(value)) {
    const encoded = await encodeMultipart(value);
    return { body: encoded.body, contentType: contentType ?? encoded.contentType };
  }
  if (value instanceof ReadableStream) return { body: value as AsyncIterable<Uint8Array>, contentType };
  if (isAsyncIterable(value)) return { body: value, contentType };
  return { body: encodeJson(value), contentType: contentType ?? 'application/json' };
}
