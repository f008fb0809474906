/** Runs a finished request spec: resolve, encode, send with a deadline, read, check. */
import { ClosedError } from '../errors/closed-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { TandemError } from '../errors/tandem-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { expectDefaultStatus } from '../expect/expectations.js';
import { describeTarget } from '../format/failure-message.js';
import { summarizeRequest } from '../format/redact.js';
import { setFollowUp, TestResponse } from '../response/test-response.js';
import type { OutgoingBody, OutgoingRequest, Progress, RawResponse, Target } from '../targets/target.js';
import { encodeBody } from './encode-body.js';
import type { RequestSpec } from './request-spec.js';
import { resolveUrl } from './resolve-url.js';
import { toTandemError } from './to-tandem-error.js';
import { methodProblem } from './validate.js';
import { addDeadline, followSignal, removeDeadline, type Deadline } from './deadlines.js';
import { RequestAbort } from '../targets/request-abort.js';
import { nextRequest } from './redirect.js';
import { followUpOf } from './follow-up.js';
import { setRequestStarter } from '../html/navigate.js';
import type { SendSpec } from './test-request.js';
import { RedirectError } from '../errors/redirect-error.js';
import type { CookieSession } from '../session/cookie-session.js';
import type { PendingRequest, SendHooks } from './send-hooks.js';

export interface SendDefaults {
  /** Headers on every request; a request's own `.set()` replaces one of the same name. */
  headers: ReadonlyArray<readonly [string, string]>;
  timeoutMs: number;
  /** The most response body bytes read before the request fails with `BodyTooLargeError`. */
  maxBodyBytes?: number | undefined;
  /** The jar cookies are sent from and stored to. */
  cookies: CookieSession | undefined;
  /** How many redirects to follow automatically (0: none, the test sees the 3xx). */
  maxRedirects: number;
  /** Sends follow-up requests (`res.follow()`) through the same test app. */
  send?: SendSpec | undefined;
  /** Run around every exchange, in order. */
  hooks?: ReadonlyArray<SendHooks> | undefined;
  /** Values scrubbed from failure messages and curl lines besides the credential headers (`options.headers` values, `options.secrets`). */
  secrets?: readonly string[] | undefined;
}

const NO_BODY_METHODS = new Set(['GET', 'HEAD']);

function mergeHeaders(defaults: ReadonlyArray<readonly [string, string]>, own: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const ownNames = new Set(own.map(([name]) => name.toLowerCase()));
  return [...defaults.filter(([name]) => !ownNames.has(name.toLowerCase())), ...own].map(([n, v]) => [n, v]);
}

/**
 * Sends `spec` to `target`, follows redirects as far as allowed, then runs the request's checks.
 * Returns the checked response, or throws a tandem error.
 */
export async function sendRequest(target: Target, spec: RequestSpec, defaults: SendDefaults, signal: AbortSignal): Promise<TestResponse> {
  let response = await exchange(target, spec, defaults, signal);
  const limit = spec.maxRedirects ?? defaults.maxRedirects;
  if (limit > 0) response = await followRedirects(response, spec, limit, (next) => exchange(target, next, defaults, signal));
  await checkResponse(response, spec);
  return response;
}

/**
 * Runs a request's checks on a response: its status expectation (or the default rule), then the
 * rest, in order. A check may be asynchronous (a Standard Schema may validate asynchronously): it
 * is awaited before the next one runs.
 */
export async function checkResponse(response: TestResponse, spec: RequestSpec): Promise<void> {
  if (spec.statusChecks.length === 0) expectDefaultStatus(response);
  for (const check of spec.statusChecks) check(response);
  for (const check of spec.checks) {
    const pending = check(response);
    if (pending) await pending;
  }
}

/**
 * Follows redirects from `response` while there are any, up to `limit` hops; a loop or one hop
 * too many fails with `RedirectError`.
 */
export async function followRedirects(
  response: TestResponse,
  spec: RequestSpec,
  limit: number,
  send: (next: RequestSpec) => Promise<TestResponse>,
): Promise<TestResponse> {
  const seen = new Set([`${spec.method.toUpperCase()} ${response.url}`]);
  let current = response;
  let currentSpec = spec;
  for (let hops = 0; ; hops++) {
    const next = nextRequest(currentSpec, current.status, current.headers.get('location'), new URL(current.url));
    if (!next) return current;
    const context = { request: current.request, response: current, target: current.target };
    if (hops === limit) throw new RedirectError(`more than ${limit} redirects; the last one pointed to ${next.path}`, context);
    const key = `${next.method.toUpperCase()} ${next.path}`;
    if (seen.has(key)) throw new RedirectError(`redirect loop: ${key} was already requested in this chain`, context);
    if (new URL(next.path).origin !== new URL(current.url).origin) {
      throw new RedirectError(`the redirect leaves the target for ${next.path}; tandem sends requests only to the app under test`, context);
    }
    seen.add(key);
    currentSpec = next;
    current = await send(next);
  }
}

/** One request and its response, without following redirects or running checks. */
async function exchange(target: Target, spec: RequestSpec, defaults: SendDefaults, signal: AbortSignal): Promise<TestResponse> {
  const method = spec.method.toUpperCase();
  const context = { target };
  if (spec.error) throw (spec.error instanceof TandemError ? spec.error.withContext(context) : spec.error);
  const problem = methodProblem(method);
  if (problem) throw new InvalidRequestError(problem, context);
  const url = resolveUrl(target.origin, spec.path, spec.query);
  if (!url) {
    throw new InvalidRequestError(`${method} ${spec.path}: the URL is not on the target's origin (${target.origin}); tandem sends requests only to the app under test`, context);
  }
  const headers = mergeHeaders(defaults.headers, spec.headers);
  const cookie = headers.some(([name]) => name.toLowerCase() === 'cookie') ? undefined : defaults.cookies?.headerFor(url.href);
  if (cookie) headers.push(['cookie', cookie]);
  let body: OutgoingBody | undefined;
  if (spec.body) {
    if (NO_BODY_METHODS.has(method)) throw new InvalidRequestError(`${method} ${url.pathname}: a ${method} request cannot carry a body (fetch refuses it, so it cannot behave the same on every target)`, context);
    let encoded;
    try {
      encoded = await encodeBody(spec.body);
    } catch (error) {
      throw new InvalidRequestError(`${method} ${url.pathname}: the body could not be encoded: ${(error as Error).message}`, { ...context, cause: error });
    }
    body = encoded.body;
    if (encoded.contentType && !headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push(['content-type', encoded.contentType]);
  }
  const bytes = body instanceof Uint8Array ? body : undefined;
  const request = summarizeRequest(method, url, headers, bytes, defaults.secrets);
  const pending: PendingRequest = { method, url, headers, body: bytes, spec, target };
  try {
    for (const hook of defaults.hooks ?? []) hook.beforeSend?.(pending);
  } catch (error) {
    throw error instanceof TandemError ? error.withContext({ request, target }) : error;
  }
  const timeoutMs = spec.timeoutMs ?? defaults.timeoutMs;
  const progress: Progress = { bytes: 0 };
  const abort = new RequestAbort();
  const unfollow = followSignal(signal, abort);
  const started = performance.now();
  const deadline: Deadline = {
    at: started + timeoutMs,
    expire: () => {
      const stage = progress.status === undefined ? 'no response headers arrived' : `the response started (${progress.status}, ${progress.bytes} body bytes) but did not finish`;
      abort.abort(new TimeoutError(`no complete response within ${timeoutMs} ms from ${describeTarget(target)}: ${stage}`, { request, target }));
    },
  };
  addDeadline(deadline);
  const outgoing: OutgoingRequest = { method, url, headers, body, abort, progress, maxBodyBytes: defaults.maxBodyBytes };
  let raw: RawResponse;
  try {
    raw = await new Promise<RawResponse>((resolve, reject) => {
      // The deadline wins even over a target that ignores the abort; a send abandoned there may still settle later, unheard.
      abort.onAbort((reason) => {
        if (reason instanceof TimeoutError) reject(reason);
      });
      target.send(outgoing).then(resolve, reject);
    });
  } catch (error) {
    abort.abort(error);
    if (error instanceof TimeoutError) throw target.lintTimeout?.(outgoing, error) ?? error; // HTTP lint: a response started, never ended
    // Closing the app also tears down the dispatcher; whatever that made the request fail with, the reason is the close.
    if (signal.aborted && signal.reason instanceof ClosedError) throw new ClosedError(signal.reason.message, { request, target, cause: error });
    throw toTandemError(error, { request, target });
  } finally {
    removeDeadline(deadline);
    unfollow();
  }
  defaults.cookies?.storeFrom(url.href, raw.headers);
  const response = new TestResponse({ ...raw, url: url.href, request, target, durationMs: performance.now() - started });
  if (defaults.send) setFollowUp(response, followUpOf(defaults.send, spec, response, checkResponse));
  if (defaults.send) setRequestStarter(response, defaults.send);
  try {
    for (const hook of defaults.hooks ?? []) await hook.afterExchange?.(response, pending);
  } catch (error) {
    throw error instanceof TandemError ? error.withContext({ request, response, target }) : error;
  }
  return response;
}
