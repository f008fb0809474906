/**
 * `api.dispatcher`: an undici `Dispatcher` routed to the test app's target, for client libraries
 * built on undici (`request(url, { dispatcher })`, `fetch(url, { dispatcher })`, `stream`,
 * `pipeline`). It exists before the target does: the first request builds the target (and waits
 * for its readiness), then each request is handed to the target's own dispatcher as it is.
 *
 * Each request first passes the test app's `beforeSend` hooks (the safety policy, request
 * counting), which may refuse it. What it does not pass through: the `afterExchange` hooks (the
 * response is streamed to the caller, never held whole, so there is no recording, ledger
 * tracking or contract check), default headers and cookies, HTTP lint, timeouts and status
 * checks. Only the target's origin is reachable.
 */
import { Dispatcher } from 'undici';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { TandemError } from '../errors/tandem-error.js';
import { summarizeRequest } from '../format/redact.js';
import type { PendingRequest } from '../request/send-hooks.js';
import type { Target } from '../targets/target.js';

type Handler = Dispatcher.DispatchHandler & {
  onRequestStart?: unknown;
  onResponseError?: (controller: unknown, error: Error) => void;
  onError?: (error: Error) => void;
};

/** Delivers `error` to a handler of either of undici's handler interfaces, before any response. */
function fail(handler: Handler, error: Error): void {
  if (typeof handler.onRequestStart === 'function') {
    const controller = { aborted: true, paused: false, reason: error, rawHeaders: null, rawTrailers: null, abort() {}, pause() {}, resume() {} };
    handler.onResponseError?.(controller, error);
  } else {
    handler.onError?.(error);
  }
}

/** undici's header forms (an object, a flat array, an iterable of pairs) as name/value pairs. */
function headerPairs(headers: Dispatcher.DispatchOptions['headers']): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const text = (v: unknown): string => (typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : typeof v === 'number' ? String(v) : '');
  const add = (name: unknown, value: unknown) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) for (const v of value) pairs.push([text(name), text(v)]);
    else pairs.push([text(name), text(value)]);
  };
  if (headers === null || headers === undefined) return pairs;
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) for (const [name, value] of headers as unknown as Array<[unknown, unknown]>) add(name, value);
    else for (let i = 0; i + 1 < headers.length; i += 2) add(headers[i], headers[i + 1]);
  } else if (typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const [name, value] of headers as Iterable<[string, unknown]>) add(name, value);
  } else {
    for (const [name, value] of Object.entries(headers)) add(name, value);
  }
  return pairs;
}

function bytesOf(body: unknown): Uint8Array | undefined {
  if (typeof body === 'string') return Buffer.from(body);
  return body instanceof Uint8Array ? body : undefined;
}

export class TargetDispatcher extends Dispatcher {
  readonly #target: () => Promise<Target>;
  readonly #beforeSend: (request: PendingRequest) => void;
  readonly #secrets: () => readonly string[];

  /**
   * @param target Builds (once) and returns the test app's target.
   * @param beforeSend Runs the test app's `beforeSend` hooks; throwing refuses the request.
   * @param secrets The test app's secrets (known once its options are), scrubbed from refusals.
   */
  constructor(target: () => Promise<Target>, beforeSend: (request: PendingRequest) => void, secrets: () => readonly string[]) {
    super();
    this.#target = target;
    this.#beforeSend = beforeSend;
    this.#secrets = secrets;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    void this.#forward(options, handler as Handler);
    return true;
  }

  async #forward(options: Dispatcher.DispatchOptions, handler: Handler): Promise<void> {
    let target: Target;
    try {
      target = await this.#target();
    } catch (error) {
      fail(handler, error as Error);
      return;
    }
    try {
      this.#check(options, target);
    } catch (error) {
      fail(handler, error as Error);
      return;
    }
    target.dispatcher().dispatch(options, handler);
  }

  /** Refuses another origin, then runs the `beforeSend` hooks. */
  #check(options: Dispatcher.DispatchOptions, target: Target): void {
    const method = (options.method ?? 'GET').toUpperCase();
    const base = new URL(target.origin);
    const url = new URL(options.path, options.origin === undefined ? target.origin : String(options.origin));
    const headers = headerPairs(options.headers);
    const body = bytesOf(options.body);
    if (url.origin !== base.origin) {
      throw new InvalidRequestError(`api.dispatcher: ${method} ${url.href}: only the target's origin (${base.origin}) is reachable through api.dispatcher`, {
        request: summarizeRequest(method, url, headers, body, this.#secrets()),
        target,
      });
    }
    try {
      this.#beforeSend({ method, url, headers, body, spec: undefined, target });
    } catch (error) {
      throw error instanceof TandemError ? error.withContext({ request: summarizeRequest(method, url, headers, body, this.#secrets()), target }) : error;
    }
  }

  /** Does nothing: the dispatcher belongs to the test app, and `api.close()` closes it. */
  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    if (callback) queueMicrotask(callback);
    else return Promise.resolve();
  }

  /** Does nothing: the dispatcher belongs to the test app, and `api.close()` closes it. */
  override destroy(): Promise<void>;
  override destroy(error: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(error: Error | null, callback: () => void): void;
  override destroy(first?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
    const done = typeof first === 'function' ? first : callback;
    if (done) queueMicrotask(done);
    else return Promise.resolve();
  }
}
