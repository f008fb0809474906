/**
 * The end of the pipeline: the target. A builder request is sent with `target.send` and read in
 * full; `api.fetch` goes through `target.fetch` (the caller gets the `Response`, the pipeline a
 * copy read in full, except an event stream); `api.dispatcher`, and a builder request its caller
 * streams (`SendOverrides.stream`), through the target's dispatcher, streamed to the caller (see
 * `dispatch-tee.ts`).
 */
import { AbortedError } from '../errors/aborted-error.js';
import { ClosedError } from '../errors/closed-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { toTandemError } from '../request/to-tandem-error.js';
import { TestResponse } from '../response/test-response.js';
import type { OutgoingRequest, RawResponse } from '../targets/target.js';
import { dispatchThrough } from './dispatch-tee.js';
import { isEventStream } from './event-stream.js';
import type { Exchange, Next } from './exchange.js';

/** Waits for the target's answer; the deadline and the test's abort win even over a target that ignores them (that send may still settle later, unheard). */
function answer(exchange: Exchange, outgoing: OutgoingRequest): Promise<RawResponse> {
  const abort = outgoing.abort;
  return new Promise<RawResponse>((resolve, reject) => {
    abort.onAbort((reason) => {
      if (reason instanceof TimeoutError || reason instanceof AbortedError) reject(reason);
    });
    exchange.target.send(outgoing).then(resolve, reject);
  });
}

async function sendBuffered(exchange: Exchange, maxBodyBytes: number | undefined): Promise<void> {
  const { target, abort } = exchange;
  const outgoing: OutgoingRequest = { method: exchange.method, url: exchange.url, target: exchange.requestTarget, headers: exchange.headers, body: exchange.payload, abort: abort!, progress: exchange.progress, maxBodyBytes, lint: exchange.lint };
  exchange.outgoing = outgoing;
  const started = (exchange.started = performance.now());
  let raw: RawResponse;
  try {
    raw = await answer(exchange, outgoing);
  } catch (error) {
    abort!.abort(error);
    if (error instanceof TimeoutError) throw error;
    // Closing the app also tears down the dispatcher; whatever that made the request fail with, the reason is the close.
    const closing = exchange.sender.closing;
    if (closing.aborted && closing.reason instanceof ClosedError) throw new ClosedError(closing.reason.message, { request: exchange.summary(), target, cause: error });
    throw toTandemError(error, { request: exchange.summary(), target });
  }
  exchange.response = new TestResponse(
    { status: raw.status, statusText: raw.statusText, headers: raw.headers, body: raw.body, rawHeaders: raw.rawHeaders, url: exchange.url.href, request: exchange.summary(), target, durationMs: performance.now() - started },
    exchange.sender.navigator,
    exchange.spec,
  );
}

async function sendFetch(exchange: Exchange): Promise<void> {
  const how = exchange.fetch!;
  const started = (exchange.started = performance.now());
  const fetched = await exchange.target.fetch(
    new Request(exchange.url, {
      method: exchange.method,
      headers: exchange.headers,
      body: exchange.payload as Uint8Array | undefined,
      redirect: how.redirect === 'follow' ? 'manual' : how.redirect,
      signal: how.signal,
      credentials: how.credentials,
    }),
  );
  exchange.fetched = fetched;
  if (isEventStream(fetched.headers)) return;
  exchange.response = new TestResponse({
    status: fetched.status,
    statusText: fetched.statusText,
    headers: new Headers(fetched.headers),
    body: new Uint8Array(await fetched.clone().arrayBuffer()),
    url: exchange.url.href,
    request: exchange.summary(),
    target: exchange.target,
    durationMs: performance.now() - started,
  });
}

/**
 * The last step: sends `exchange` to its target the way its entry needs.
 *
 * @example
 * const run = compose(steps, send(maxBodyBytes));
 */
export function send(maxBodyBytes: number | undefined): Next {
  return (exchange) => {
    if (exchange.dispatch) return dispatchThrough(exchange);
    if (exchange.via === 'fetch') return sendFetch(exchange);
    return sendBuffered(exchange, maxBodyBytes);
  };
}
