/**
 * One exchange on its way through the pipeline: the request as it will be sent, what each entry
 * asked for it (timeouts, redirects, lint, cookies), and, once the target answered, the response.
 * Every middleware reads and writes this one object; nothing else is made per request above the
 * target.
 */
import type { RequestSpec } from '../request/request-spec.js';
import type { PendingRequest } from '../request/send-hooks.js';
import type { TestResponse } from '../response/test-response.js';
import type { CookieSession } from '../session/cookie-session.js';
import type { RequestAbort } from '../targets/request-abort.js';
import type { OutgoingBody, OutgoingRequest, Progress, Target } from '../targets/target.js';
import type { Dispatcher } from 'undici';
import type { RequestSummary } from '../format/exchange.js';
import { summarizeRequest } from '../format/redact.js';
import type { Navigator } from '../response/navigator.js';
import type { TrackedResource } from '../ledger/cleanup-rules.js';

/** Which entry sent the exchange: it decides how the target is reached and what the caller gets. */
export type Via = 'builder' | 'fetch' | 'dispatcher';

/** What `api.fetch` asked for besides method, URL, headers and body. */
export interface FetchRequest {
  readonly signal: AbortSignal;
  readonly credentials: Request['credentials'];
  /** The caller's redirect mode; tandem follows `'follow'` itself, hop by hop. */
  readonly redirect: Request['redirect'];
}

/** What `api.dispatcher` was handed: undici's options and the caller's handler. */
export interface DispatchRequest {
  readonly options: Dispatcher.DispatchOptions;
  readonly handler: Dispatcher.DispatchHandler;
}

/** The redirect chain an exchange belongs to: shared by its hops. */
export interface Chain {
  /** `METHOD url` of every hop so far: a second visit is a loop. */
  readonly seen: Set<string>;
  /** How many redirects the chain may still follow. */
  left: number;
  /** How many it may follow in all. */
  readonly limit: number;
}

/** What an exchange is made of: the request, and what its entry asked for it. */
export interface ExchangeInit {
  readonly via: Via;
  /** Upper-case method. */
  readonly method: string;
  readonly url: URL;
  /** The request-target sent (path and query as written); defaults to the URL's path and query. */
  readonly requestTarget?: string | undefined;
  /** The headers as they will be sent; middlewares (run header, cookies) add to them. */
  readonly headers: Array<[string, string]>;
  /** The body as it goes out: bytes, or a stream sent chunked. */
  readonly payload: OutgoingBody | undefined;
  /** The request as the caller wrote it, for builder requests (its checks run on the final response). */
  readonly spec: RequestSpec | undefined;
  readonly target: Target;
  /** Who sent it: its cookie jar, its close signal, its navigator. */
  readonly sender: Sender;
  /** The deadline of the exchange; undefined: none (`api.fetch`, `api.dispatcher` keep the caller's). */
  readonly timeoutMs: number | undefined;
  /** Whether HTTP lint judges this exchange. */
  readonly lint: boolean;
  /** The redirects followed automatically, if any. */
  readonly chain: Chain | undefined;
  readonly fetch?: FetchRequest | undefined;
  readonly dispatch?: DispatchRequest | undefined;
  /** Scrubbed from the request summary besides the credential headers. */
  readonly secrets: readonly string[];
}

/** Who sends exchanges: a test app or one of its sessions. */
export interface Sender {
  /** The jar cookies are sent from and stored to; undefined: no cookies are handled. */
  readonly jar: CookieSession | undefined;
  /** Aborts the sender's exchanges when it closes. */
  readonly closing: AbortSignal;
  /** How its responses send onward (`follow()`, `click()`, `form.submit()`). */
  readonly navigator: Navigator | undefined;
  /** Registers what its exchanges created, to be removed through it (with its cookies). */
  track(resource: string | TrackedResource): void;
}

/** One exchange; see the module's comment. */
export class Exchange implements PendingRequest {
  readonly via: Via;
  readonly method: string;
  readonly url: URL;
  readonly requestTarget: string;
  readonly headers: Array<[string, string]>;
  readonly payload: OutgoingBody | undefined;
  readonly spec: RequestSpec | undefined;
  readonly target: Target;
  readonly sender: Sender;
  readonly timeoutMs: number | undefined;
  readonly lint: boolean;
  readonly chain: Chain | undefined;
  readonly fetch: FetchRequest | undefined;
  readonly dispatch: DispatchRequest | undefined;
  readonly secrets: readonly string[];
  /** Set by the deadline: thrown into the target when the exchange times out or is closed. */
  abort: RequestAbort | undefined = undefined;
  readonly progress: Progress = { bytes: 0 };
  /** What went to the target, once sent (HTTP lint looks its findings up by it). */
  outgoing: OutgoingRequest | undefined = undefined;
  /** `performance.now()` when the exchange reached the target. */
  started = 0;
  /**
   * The response read in full: what recording, cleanup and contracts look at. Undefined until the
   * target answered, and for an event stream, which is handed over unread.
   */
  response: TestResponse | undefined = undefined;
  /** `api.fetch`'s `Response`, as the caller gets it. */
  fetched: Response | undefined = undefined;
  /** The next hop of a redirect, set by the redirect step. */
  next: Exchange | undefined = undefined;
  #summary: RequestSummary | undefined;

  constructor(init: ExchangeInit) {
    this.via = init.via;
    this.method = init.method;
    this.url = init.url;
    this.requestTarget = init.requestTarget ?? init.url.pathname + init.url.search;
    this.headers = init.headers;
    this.payload = init.payload;
    this.spec = init.spec;
    this.target = init.target;
    this.sender = init.sender;
    this.timeoutMs = init.timeoutMs;
    this.lint = init.lint;
    this.chain = init.chain;
    this.fetch = init.fetch;
    this.dispatch = init.dispatch;
    this.secrets = init.secrets;
  }

  /** The request body when it is in memory (not a stream). */
  get body(): Uint8Array | undefined {
    return this.payload instanceof Uint8Array ? this.payload : undefined;
  }

  /** The URL as sent: the origin and the request-target as written (dot segments and all). */
  get sentUrl(): string {
    return this.url.origin + this.requestTarget;
  }

  /** The request as failures and the response show it, secrets redacted (made once the headers are final). */
  summary(): RequestSummary {
    this.#summary ??= summarizeRequest(this.method, this.sentUrl, this.headers, this.body, this.secrets);
    return this.#summary;
  }
}

/**
 * The next hop of `from`'s redirect chain, for the same sender.
 *
 * @example
 * exchange.next = hopOf(exchange, 'GET', new URL('/done', exchange.url), headers, undefined, undefined);
 */
export function hopOf(from: Exchange, method: string, url: URL, headers: Array<[string, string]>, payload: OutgoingBody | undefined, spec: RequestSpec | undefined): Exchange {
  return new Exchange({
    via: from.via,
    method,
    url,
    headers,
    payload,
    spec,
    target: from.target,
    sender: from.sender,
    timeoutMs: spec?.timeoutMs ?? from.timeoutMs,
    lint: from.lint,
    chain: from.chain,
    fetch: from.fetch,
    dispatch: from.dispatch,
    secrets: from.secrets,
  });
}

/**
 * A step of the pipeline: does its part on the way in, calls `next`, does its part on the way out.
 *
 * @example
 * const counted: Middleware = (exchange, next) => { count++; return next(exchange); };
 */
export type Middleware = (exchange: Exchange, next: Next) => Promise<void>;

/** The rest of the pipeline, from a middleware's point of view. */
export type Next = (exchange: Exchange) => Promise<void>;
