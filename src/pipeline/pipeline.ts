/**
 * The request pipeline of a test app: built once, when its options are known, and used by every
 * entry. Each entry makes the exchange its caller asked for and runs it through the same steps
 * (their order is in `order.ts`):
 *
 * - {@link Pipeline.request}: the builder (`api.get()` & co., `click()`, `form.submit()`), and,
 *   with overrides, the entry for layers that keep their own checks (no default status check, no
 *   lint, redirects off) or read a response while it streams;
 * - {@link Pipeline.follow}: `res.follow()` and `res.maybeFollow()`;
 * - {@link Pipeline.fetch}: `api.fetch`;
 * - {@link Pipeline.dispatch}: `api.dispatcher`.
 */
import type { Dispatcher } from 'undici';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { RedirectError } from '../errors/redirect-error.js';
import { TandemError } from '../errors/tandem-error.js';
import { summarizeRequest } from '../format/redact.js';
import { checkResponse } from '../request/check-response.js';
import { encodeBody } from '../request/encode-body.js';
import { nextRequest } from '../request/redirect.js';
import type { RequestSpec } from '../request/request-spec.js';
import { resolveRequest } from '../request/resolve-url.js';
import { bodyMethodProblem, contentLengthProblem, framingProblem, methodProblem } from '../request/validate.js';
import type { FollowUp } from '../response/navigator.js';
import type { TestResponse } from '../response/test-response.js';
import { needsNodeClient } from '../targets/node-client.js';
import type { OutgoingBody, Target } from '../targets/target.js';
import { compose } from './compose.js';
import { DispatchTee } from './dispatch-tee.js';
import { Exchange, type Chain, type Next, type Sender } from './exchange.js';
import { hasHeader, headerValue, mergeHeaders } from './headers.js';
import { orderedSteps, type PipelineSteps } from './order.js';
import { refuseHop } from './redirects.js';
import { send } from './send.js';
import { bodyBytes, headerPairs } from './undici-options.js';

/** The fetch spec's limit on redirects, for `api.fetch`. */
const FETCH_MAX_REDIRECTS = 20;

/** A test app's request defaults, the pipeline's own settings. */
export interface PipelineDefaults {
  /** Headers on every builder request; a request's own `.set()` replaces one of the same name. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly timeoutMs: number;
  /** The most response body bytes read before the request fails with `BodyTooLargeError`. */
  readonly maxBodyBytes: number | undefined;
  /** How many redirects builder requests follow automatically (0: none, the test sees the 3xx). */
  readonly maxRedirects: number;
  /** Values scrubbed from failure messages and curl lines besides the credential headers. */
  readonly secrets: readonly string[];
}

/**
 * What an entry may change for one request, for layers with checks of their own (a
 * compatibility layer with its own assertions): each defaults to the test app's behaviour.
 */
export interface SendOverrides {
  /** `false`: no default status rule (a 500 is a response, not a failure). The spec's own checks still run. */
  readonly defaultStatus?: boolean | undefined;
  /** `false`: HTTP lint does not judge the exchange. */
  readonly lint?: boolean | undefined;
  /** Redirects to follow automatically, instead of the spec's or the test app's; `0`: none. */
  readonly maxRedirects?: number | undefined;
  /** `false`: the sender's cookie jar is neither read nor written (supertest's `request(app)` keeps no cookies). */
  readonly cookies?: boolean | undefined;
  /**
   * An undici handler the response is streamed to as it arrives, through the target's dispatcher
   * (as `api.dispatcher` streams), for a layer whose test reads a response while it arrives. The
   * pipeline keeps a copy for its steps and resolves with it; the handler hears the end once the
   * checks have passed, or the failure. Redirects are not followed (the handler gets the first
   * response), and `maxBodyBytes` does not apply.
   */
  readonly stream?: Dispatcher.DispatchHandler | undefined;
}

const NO_OVERRIDES: SendOverrides = {};

export class Pipeline {
  readonly #run: Next;
  readonly #defaults: PipelineDefaults;
  /** The default headers without the run header, which the run-header step adds. */
  readonly #headers: ReadonlyArray<readonly [string, string]>;

  constructor(steps: PipelineSteps, defaults: PipelineDefaults) {
    this.#defaults = defaults;
    const run = steps.runHeader?.[0];
    this.#headers = run === undefined ? defaults.headers : defaults.headers.filter(([name]) => !hasHeader([[run, '']], name));
    this.#run = compose(
      orderedSteps(steps, (spec, from) => this.#prepare(spec, from.target, from.sender, from.chain, from.lint)),
      send(defaults.maxBodyBytes),
    );
  }

  /** Runs `first` and the hops of its redirects through the steps; returns the last exchange. */
  async #exchange(first: Exchange): Promise<Exchange> {
    let exchange = first;
    for (;;) {
      try {
        await this.#run(exchange);
      } catch (error) {
        throw error instanceof TandemError ? error.withContext({ request: exchange.summary(), response: exchange.response, target: exchange.target }) : error;
      }
      if (!exchange.next) return exchange;
      exchange = exchange.next;
    }
  }

  /** A builder request as an exchange: resolved against the target, headers merged, body encoded. */
  async #prepare(spec: RequestSpec, target: Target, sender: Sender, chain: Chain | undefined, lint: boolean, tee?: DispatchTee): Promise<Exchange> {
    const method = spec.method.toUpperCase();
    const context = { target };
    if (spec.error) throw spec.error instanceof TandemError ? spec.error.withContext(context) : spec.error;
    const problem = methodProblem(method);
    if (problem) throw new InvalidRequestError(problem, context);
    const resolved = resolveRequest(target.origin, spec.path, spec.query);
    if (!resolved) {
      throw new InvalidRequestError(`${method} ${spec.path}: the URL is not on the target's origin (${target.origin}); tandem sends requests only to the app under test`, context);
    }
    const { url, target: requestTarget } = resolved;
    const headers = mergeHeaders(this.#headers, spec.headers);
    let payload: OutgoingBody | undefined;
    if (spec.body) {
      const refused = bodyMethodProblem(method);
      if (refused) throw new InvalidRequestError(`${method} ${url.pathname}: ${refused}`, context);
      let encoded;
      try {
        encoded = await encodeBody(spec.body);
      } catch (error) {
        throw new InvalidRequestError(`${method} ${url.pathname}: the body could not be encoded: ${(error as Error).message}`, { ...context, cause: error });
      }
      payload = encoded.body;
      if (encoded.contentType && !hasHeader(headers, 'content-type')) headers.push(['content-type', encoded.contentType]);
    }
    if (tee && needsNodeClient({ method, headers, body: undefined })) {
      throw new InvalidRequestError(
        `${method} ${url.pathname}: a response read while it streams goes through undici, which cannot send this request's headers as written (Transfer-Encoding, Expect, Upgrade, Keep-Alive, a Connection other than keep-alive or close, or Content-Length: 0 on a method without a body); read the whole response instead, or leave those headers out`,
        context,
      );
    }
    const declared = headerValue(headers, 'content-length');
    if (declared !== undefined) {
      const problem = hasHeader(headers, 'transfer-encoding') ? framingProblem() : contentLengthProblem(declared, payload);
      if (problem) throw new InvalidRequestError(`${method} ${url.pathname}: ${problem}`, { request: summarizeRequest(method, url.origin + requestTarget, headers, payload instanceof Uint8Array ? payload : undefined, this.#defaults.secrets), target });
    }
    return new Exchange({
      via: 'builder',
      method,
      url,
      requestTarget,
      headers,
      payload,
      spec,
      target,
      sender,
      timeoutMs: spec.timeoutMs ?? this.#defaults.timeoutMs,
      lint,
      chain,
      dispatch: tee && { options: { origin: url.origin, path: requestTarget, method, body: payload as Dispatcher.DispatchOptions['body'], reset: false }, handler: tee },
      secrets: this.#defaults.secrets,
    });
  }

  /**
   * Sends a builder's spec, follows redirects as far as allowed, then runs the spec's checks.
   * Returns the checked response, or throws a tandem error.
   *
   * @example
   * const res = await pipeline.request(target, spec, sender, { defaultStatus: false, lint: false, maxRedirects: 0 });
   */
  async request(target: Target, spec: RequestSpec, sender: Sender, overrides: SendOverrides = NO_OVERRIDES): Promise<TestResponse> {
    if (overrides.stream) return this.#streamed(target, spec, sender, overrides, new DispatchTee(overrides.stream));
    const limit = overrides.maxRedirects ?? spec.maxRedirects ?? this.#defaults.maxRedirects;
    const chain = limit > 0 ? { seen: new Set<string>(), left: limit, limit } : undefined;
    const first = await this.#prepare(spec, target, sender, chain, overrides.lint ?? true);
    chain?.seen.add(`${first.method} ${first.url.href}`);
    const response = (await this.#exchange(first)).response!;
    await checkResponse(response, spec, overrides.defaultStatus ?? true);
    return response;
  }

  /** {@link request} with `overrides.stream`: one exchange, streamed through `tee`, which hears the end once the checks passed. */
  async #streamed(target: Target, spec: RequestSpec, sender: Sender, overrides: SendOverrides, tee: DispatchTee): Promise<TestResponse> {
    let response: TestResponse;
    try {
      response = (await this.#exchange(await this.#prepare(spec, target, sender, undefined, overrides.lint ?? true, tee))).response!;
      await checkResponse(response, spec, overrides.defaultStatus ?? true);
    } catch (error) {
      tee.fail(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    tee.finish();
    return response;
  }

  /**
   * `res.follow()` / `res.maybeFollow()`: the request after `response`'s redirect (which `spec`
   * produced), with `own`'s checks and timeout; without a redirect, `response` itself (checked by
   * `own`), or, when one is `required`, a `RedirectError`.
   *
   * @example
   * await pipeline.follow(target, response, spec, own, { maxRedirects: 1, required: true }, sender);
   */
  async follow(target: Target, response: TestResponse, spec: RequestSpec, own: RequestSpec, how: FollowUp, sender: Sender): Promise<TestResponse> {
    const context = { request: response.request, response, target: response.target };
    const from = new URL(response.url);
    const next = nextRequest(spec, response.status, response.headers.get('location'), from);
    if (!next) {
      if (how.required) {
        const why = response.headers.has('location') || response.status < 300 || response.status >= 400 ? `status ${response.status} is not a redirect` : `the ${response.status} has no Location`;
        throw new RedirectError(`follow() needs a redirect response: ${why}; use maybeFollow() to accept either`, context);
      }
      await checkResponse(response, own, true);
      return response;
    }
    refuseHop(undefined, from, new URL(next.path), next.method.toUpperCase(), context, '');
    return this.request(
      target,
      { ...next, timeoutMs: own.timeoutMs ?? spec.timeoutMs, statusChecks: own.statusChecks, checks: own.checks, contract: own.contract ?? spec.contract, maxRedirects: how.maxRedirects - 1, error: own.error, owner: own.owner },
      sender,
    );
  }

  /**
   * `api.fetch`: `request` and, when its redirect mode is `'follow'`, the hops of its redirects.
   * Resolves to the last `Response`, as the platform fetch does.
   *
   * @example
   * const res = await pipeline.fetch(target, new Request(`${target.origin}/notes`), sender);
   */
  async fetch(target: Target, request: Request, sender: Sender): Promise<Response> {
    const headers: Array<[string, string]> = [];
    for (const pair of request.headers) headers.push(pair);
    const payload = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const limit = request.redirect === 'follow' ? FETCH_MAX_REDIRECTS : 0;
    const chain = limit > 0 ? { seen: new Set<string>(), left: limit, limit } : undefined;
    const first = new Exchange({
      via: 'fetch',
      method: request.method,
      url: new URL(request.url),
      headers,
      payload,
      spec: undefined,
      target,
      sender,
      timeoutMs: undefined,
      lint: true,
      chain,
      fetch: { signal: request.signal, credentials: request.credentials, redirect: request.redirect },
      secrets: this.#defaults.secrets,
    });
    chain?.seen.add(`${first.method} ${first.url.href}`);
    const last = await this.#exchange(first);
    // As the platform fetch says of a response it reached through redirects.
    if (last !== first) Object.defineProperty(last.fetched, 'redirected', { value: true });
    return last.fetched!;
  }

  /**
   * `api.dispatcher`: one undici dispatch through the steps, streamed to the caller through
   * `tee`; the checks on the complete response run before the caller hears the end (the caller
   * of this settles `tee` with the outcome). Only the target's origin is reachable.
   *
   * @example
   * const tee = new DispatchTee(handler);
   * pipeline.dispatch(target, options, tee, sender).then(() => tee.finish(), (error) => tee.fail(error));
   */
  async dispatch(target: Target, options: Dispatcher.DispatchOptions, tee: DispatchTee, sender: Sender): Promise<void> {
    const method = (options.method ?? 'GET').toUpperCase();
    const base = new URL(target.origin);
    const url = new URL(options.path, options.origin === undefined ? target.origin : String(options.origin));
    const headers = headerPairs(options.headers);
    const payload = bodyBytes(options.body);
    if (url.origin !== base.origin) {
      throw new InvalidRequestError(`api.dispatcher: ${method} ${url.href}: only the target's origin (${base.origin}) is reachable through api.dispatcher`, {
        request: summarizeRequest(method, url, headers, payload, this.#defaults.secrets),
        target,
      });
    }
    await this.#exchange(
      // undici sends `options.path` as it is: the exchange shows it so.
      new Exchange({ via: 'dispatcher', method, url, requestTarget: options.path.startsWith('/') ? options.path : undefined, headers, payload, spec: undefined, target, sender, timeoutMs: undefined, lint: true, chain: undefined, dispatch: { options, handler: tee }, secrets: this.#defaults.secrets }),
    );
  }
}
