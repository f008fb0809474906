/**
 * How superagent 10 turns a response's bytes into `res.text`, `res.body` and `res.files`:
 * decompression (gzip, deflate, br), then a parser chosen by the content type (JSON,
 * URL-encoded through qs, text, or a Buffer for binary types), or the test's own `.parse(fn)`.
 * The rules are superagent's, re-stated here so a suite reads exactly what it read before.
 */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import qs from 'qs';
import type { TestResponse } from '../response/test-response.js';

/** A custom parser, as `.parse(fn)` takes it: reads the response stream, calls back with the body. */
export type Parser = (res: ParserStream, callback: (error: Error | null, body?: unknown, files?: unknown) => void) => void;

/** The stream a custom parser reads: the (decompressed) body, with the response's status and headers. */
export interface ParserStream extends Readable {
  statusCode: number;
  headers: Record<string, string | string[]>;
  text?: string;
  [key: string]: unknown;
}

/** How the body is read: superagent's `.buffer()`, `.parse()` and `.responseType()`. */
export interface ReadOptions {
  method: string;
  buffer: boolean;
  parser: Parser | undefined;
  responseType: string | undefined;
}

export interface ReadBody {
  text: string | undefined;
  body: unknown;
  files: unknown;
}

/** An error from reading the body (a JSON parse failure), with the fields superagent gives it. */
export type BodyError = Error & { rawResponse?: string | null; status?: number; statusCode?: number; headers?: unknown };

const latin1 = new TextDecoder('latin1');

/** The mime type without parameters, as superagent's `utils.type`. */
export function mimeOf(contentType: string): string {
  return contentType.split(/ *; */)[0] ?? '';
}

/** `application/json`, `application/problem+json`, …, as superagent's `isJSON`. */
export function isJson(mime: string): boolean {
  return /[/+]json($|[^-\w])/i.test(mime);
}

function isBinary(mime: string): boolean {
  const [registry = '', name = ''] = mime.toLowerCase().split('/').map((part) => part.trim());
  return ['audio', 'font', 'image', 'video'].includes(registry) || ['gz', 'gzip'].includes(name);
}

function decompress(res: TestResponse, headers: Record<string, string | string[]>): Uint8Array {
  const encoding = String(headers['content-encoding'] ?? '');
  if (res.status === 204 || res.status === 304 || headers['content-length'] === '0' || res.body.byteLength === 0) return res.body;
  // superagent decompresses with Z_SYNC_FLUSH, so a truncated stream yields what arrived instead of failing.
  if (/^\s*(?:deflate|gzip)\s*$/i.test(encoding)) return zlib.unzipSync(res.body, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  if (/^\s*br\s*$/i.test(encoding)) return zlib.brotliDecompressSync(res.body, { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  return res.body;
}

type BuiltIn = 'json' | 'urlencoded' | 'text' | 'binary';

/** superagent's parser table, keyed by exact mime type. */
const PARSERS: Readonly<Record<string, BuiltIn>> = {
  'application/x-www-form-urlencoded': 'urlencoded',
  'application/json': 'json',
  'application/json-seq': 'text',
  'application/octet-stream': 'binary',
  'application/pdf': 'binary',
};

/**
 * superagent's choice of parser, or undefined when the body is not read (`.buffer(false)`; JSON
 * is read whatever `.buffer()` says). A multipart response is read as text (superagent hands it
 * to formidable).
 */
function builtInFor(mime: string, buffer: boolean, responseType: string | undefined): BuiltIn | undefined {
  if (responseType) return 'binary';
  const type = mime.split('/')[0]?.toLowerCase().trim();
  let parser: BuiltIn;
  if (isBinary(mime)) parser = 'binary';
  else if (Object.hasOwn(PARSERS, mime)) parser = PARSERS[mime]!;
  else if (type === 'text') parser = 'text';
  else if (isJson(mime)) parser = 'json';
  else parser = 'text';
  return buffer || isJson(mime) ? parser : undefined;
}

function parseJson(text: string, res: TestResponse, headers: Record<string, string | string[]>): unknown {
  try {
    const stripped = text.replace(/^\uFEFF/, '');
    return stripped && JSON.parse(stripped);
  } catch (error) {
    const failure = error as BodyError;
    failure.rawResponse = text || null;
    failure.statusCode = res.status;
    failure.status = res.status;
    failure.headers = headers;
    throw failure;
  }
}

function runParser(parser: Parser, bytes: Uint8Array, res: TestResponse, headers: Record<string, string | string[]>): Promise<ReadBody> {
  const stream = Readable.from(bytes.byteLength > 0 ? [Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)] : [], { objectMode: false }) as ParserStream;
  stream.statusCode = res.status;
  stream.headers = headers;
  return new Promise((resolve, reject) => {
    try {
      parser(stream, (error, body, files) => {
        if (error) reject(error);
        else resolve({ text: stream.text, body, files });
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/**
 * Reads a response body the way superagent does: `{ text, body, files }`. Throws (or rejects)
 * with superagent's error when the body cannot be parsed (invalid JSON).
 *
 * @example
 * const { text, body } = await readBody(res, headers, { method: 'GET', buffer: true, parser: undefined, responseType: undefined });
 */
export async function readBody(res: TestResponse, headers: Record<string, string | string[]>, options: ReadOptions): Promise<ReadBody> {
  if (options.method === 'HEAD') return { text: undefined, body: undefined, files: undefined };
  const bytes = decompress(res, headers);
  if (options.parser) return runParser(options.parser, bytes, res, headers);
  const mime = mimeOf(String(headers['content-type'] ?? '')) || 'text/plain';
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (builtInFor(mime, options.buffer, options.responseType)) {
    case 'json': {
      const text = buffer.toString('utf8');
      return { text, body: parseJson(text, res, headers), files: undefined };
    }
    case 'urlencoded': {
      // superagent reads form bodies as 'ascii', which Node decodes as latin1.
      const text = latin1.decode(buffer);
      return { text, body: qs.parse(text), files: undefined };
    }
    case 'text':
      return { text: buffer.toString('utf8'), body: undefined, files: undefined };
    case 'binary':
      return { text: undefined, body: buffer, files: undefined };
    case undefined:
      return { text: undefined, body: undefined, files: undefined };
  }
}
