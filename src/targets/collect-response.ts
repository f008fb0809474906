/** Sends a request through an undici dispatcher and reads the whole response into memory. */
import type { Dispatcher } from 'undici';
import { switchedWithoutUpgrade } from './node-client.js';
import { bodyTooLarge, type OutgoingRequest, type RawResponse } from './target.js';

/** Builds a platform `Headers` from undici's parsed header object (arrays for repeated headers). */
export function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.append(name, value);
  }
  return headers;
}

/**
 * Whether undici failed on a 101 Switching Protocols to a request that asked for no upgrade: it
 * reports a 101 with an `Upgrade` header as `bad upgrade`, and one without as a failed assertion.
 */
function isUnaskedUpgrade(error: Error): boolean {
  const { code, message } = error as Error & { code?: unknown };
  return (code === 'UND_ERR_SOCKET' && message === 'bad upgrade') || (code === 'ERR_ASSERTION' && /\bupgrade\b/.test(message));
}

const EMPTY = new Uint8Array(0);

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Dispatches `request` and collects the response. A turn of the event loop comes first: undici
 * frees a keep-alive connection for reuse only after one (it guards against servers that close
 * right after answering), so without it back-to-back requests would each open a new connection.
 */
export async function dispatchAndCollect(dispatcher: Dispatcher, request: OutgoingRequest): Promise<RawResponse> {
  await yieldToEventLoop();
  const { url, abort, progress } = request;
  return new Promise<RawResponse>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status = 0;
    let statusText = '';
    let headers: Headers | undefined;
    let rawHeaders: Buffer[] | undefined;
    let refused = false;
    const limit = request.maxBodyBytes;
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(controller) {
        abort.onAbort((reason) => controller.abort(reason as Error));
      },
      // Called for each 1xx informational response too (102, 103): the final response replaces it, so they are passed over.
      onResponseStart(controller, statusCode, parsed, statusMessage) {
        status = statusCode;
        statusText = statusMessage ?? '';
        headers = toHeaders(parsed);
        rawHeaders = (controller as { rawHeaders?: Buffer[] | null }).rawHeaders ?? undefined;
        progress.status = statusCode;
      },
      onResponseData(controller, chunk) {
        if (refused) return;
        progress.bytes += chunk.byteLength;
        if (limit !== undefined && progress.bytes > limit) {
          refused = true;
          chunks.length = 0;
          const error = bodyTooLarge(request, progress.bytes);
          controller.abort(error);
          reject(error);
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        if (refused) return;
        resolve({ status, statusText, headers: headers ?? new Headers(), body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), rawHeaders });
      },
      onResponseError(_controller, error) {
        if (!isUnaskedUpgrade(error)) reject(error);
        // A 101 that names no protocol, to a request that asked for none: its head was read (a 101
        // has no body), as Node's client reads it; undici then drops the connection, as it must.
        else if (status === 101) resolve({ status, statusText, headers: headers ?? new Headers(), body: EMPTY, rawHeaders });
        else reject(switchedWithoutUpgrade(false));
      },
    };
    dispatcher.dispatch(
      {
        origin: url.origin,
        path: request.target,
        method: request.method,
        headers: request.headers.flat(),
        body: request.body as Dispatcher.DispatchOptions['body'],
        // undici closes the connection after a HEAD (and after a body on GET) unless told not to;
        // every method keeps it alive, as GET does and as Node's own client does.
        reset: false,
      },
      handler,
    );
  });
}

/** The platform `fetch`, sent through `dispatcher` (Node's fetch accepts any undici dispatcher). */
export function fetchThrough(dispatcher: Dispatcher, request: Request): Promise<Response> {
  return fetch(request, { dispatcher } as unknown as RequestInit);
}
