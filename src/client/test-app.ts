import { BadTargetError } from '../errors/bad-target-error.js';
import { ClosedError } from '../errors/closed-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { TandemError } from '../errors/tandem-error.js';
import type { Mode } from '../format/exchange.js';
import type { RequestSpec } from '../request/request-spec.js';
import { sendRequest, type SendDefaults } from '../request/send-request.js';
import { TestRequest } from '../request/test-request.js';
import { headerProblem } from '../request/validate.js';
import type { TestResponse } from '../response/test-response.js';
import { classifyApp, parseTargetUrl, type AppInput } from '../targets/classify-app.js';
import { createTarget } from '../targets/create-target.js';
import type { Target } from '../targets/target.js';
import type { TestAppOptions } from './test-app-options.js';
import type { LintRule } from '../errors/lint-error.js';
import { resolveLintRules } from '../targets/lint/options.js';
import { CookieSession } from '../session/cookie-session.js';
import type { SendHooks } from '../request/send-hooks.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_ORIGIN = 'http://localhost';
const DEFAULT_MAX_REDIRECTS = 20;
const DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024;

/** Picks what to test: `options.target`, then `TANDEM_TARGET`, then the app. */
function chooseInput(app: AppInput | undefined, options: TestAppOptions): AppInput {
  if (options.target !== undefined) return parseTargetUrl(options.target, 'options.target');
  const fromEnv = (options.env ?? process.env).TANDEM_TARGET;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseTargetUrl(fromEnv, 'TANDEM_TARGET');
  if (app === undefined) throw new BadTargetError('no app given and TANDEM_TARGET is not set: pass an app, a factory or a URL to createTestApp()');
  return app;
}

/**
 * The app under test, in-process or remote. Make one with {@link createTestApp}.
 *
 * @example
 * const api = createTestApp(app);
 * await api.get('/health').expect(200);
 * await api.close();
 */
export class TestApp {
  /** `'in-process'`, `'loopback'` or `'remote'`; known without starting anything. */
  readonly mode: Mode;
  readonly #input: AppInput;
  readonly #options: TestAppOptions;
  readonly #defaults: SendDefaults;
  /**
   * Run around every request, including those made through `api.fetch`: the safety policy, the
   * cleanup ledger, recording and contract checks each add theirs in the constructor.
   */
  readonly #hooks: SendHooks[] = [];
  readonly #lint: ReadonlySet<LintRule> | undefined;
  readonly #closing = new AbortController();
  /** The test app a `session()` was made from: it owns the target. */
  readonly #parent: TestApp | undefined;
  #origin: string;
  #target: Promise<Target> | undefined;
  #closed: Promise<void> | undefined;
  /**
   * This test app's cookies: every `Set-Cookie` is stored, and matching cookies are sent, with
   * the same RFC 6265 rules in every mode.
   */
  readonly cookies: CookieSession = new CookieSession(() => `${this.origin}/`);

  constructor(app: AppInput | undefined, options: TestAppOptions = {}, parent?: TestApp) {
    this.#parent = parent;
    this.#input = chooseInput(app, options);
    this.#options = options;
    const classified = classifyApp(this.#input);
    const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new BadTargetError(`options.timeout must be a positive number of milliseconds, got ${String(options.timeout)}`);
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) throw new BadTargetError(`options.maxBodyBytes must be a whole number of bytes, got ${String(options.maxBodyBytes)}`);
    const headers = Object.entries(options.headers ?? {});
    for (const [name, value] of headers) {
      const problem = headerProblem(name, value);
      if (problem) throw new BadTargetError(`options.headers: ${problem}`);
    }
    const follow = options.followRedirects ?? false;
    const maxRedirects = follow === true ? DEFAULT_MAX_REDIRECTS : follow === false ? 0 : follow;
    if (!Number.isInteger(maxRedirects) || maxRedirects < 0) throw new BadTargetError(`options.followRedirects must be true, false or a whole number of hops, got ${String(follow)}`);
    this.#defaults = { headers, timeoutMs, maxBodyBytes, cookies: this.cookies, maxRedirects, send: this.#send, hooks: this.#hooks };
    this.#lint = resolveLintRules(options.lint);
    if (classified.type === 'url') {
      this.mode = 'remote';
      this.#origin = classified.url.href.replace(/\/$/, '');
    } else {
      this.mode = options.transport ?? 'in-process';
      this.#origin = this.mode === 'loopback' ? 'http://127.0.0.1' : parseTargetUrl(options.origin ?? DEFAULT_ORIGIN, 'options.origin').origin;
    }
  }

  /** The base URL requests are resolved against (for loopback, its port is known once started). */
  get origin(): string {
    return this.#parent ? this.#parent.origin : this.#origin;
  }

  /** Builds the target (calling the app factory, starting a loopback server) if not done yet. */
  async ready(): Promise<void> {
    await this.#getTarget();
  }

  #getTarget(): Promise<Target> {
    if (this.#closed) return Promise.reject(new ClosedError('this test app has been closed; create a new one with createTestApp()'));
    if (this.#parent) return this.#parent.#getTarget();
    this.#target ??= createTarget(this.#input, {
      transport: this.mode === 'loopback' ? 'loopback' : 'in-process',
      inProcessOrigin: this.#origin,
      ca: this.#options.ca,
      lint: this.#lint,
    }).then((target) => {
      this.#origin = target.origin;
      return target;
    });
    return this.#target;
  }

  readonly #send = async (spec: RequestSpec): Promise<TestResponse> => {
    const target = await this.#getTarget().catch((error: unknown) => {
      // No target was built (a factory failed, or the app is closed): name what was being tested.
      throw error instanceof TandemError ? error.withContext({ target: { mode: this.mode, kind: 'app', origin: this.#origin } }) : error;
    });
    return sendRequest(target, spec, this.#defaults, this.#closing.signal);
  };

  /**
   * Another client of the same target with a cookie jar of its own, for scenarios with several
   * users. It shares the target (nothing is started twice); closing the test app closes it too.
   *
   * @example
   * const alice = api.session();
   * const bob = api.session();
   * await alice.post('/login').form({ user: 'alice' });
   * await bob.get('/me').expect(401);
   */
  session(): TestApp {
    const root = this.#parent ?? this;
    const session = new TestApp(root.#input, root.#options, root);
    root.#closing.signal.addEventListener('abort', () => void session.close(), { once: true });
    return session;
  }

  /** Starts a request with any method. */
  request<T = any>(method: string, path: string): TestRequest<T> {
    return new TestRequest<T>(this.#send, method, path);
  }

  /** `GET path`. */
  get<T = any>(path: string): TestRequest<T> {
    return this.request<T>('GET', path);
  }
  /** `POST path`. */
  post<T = any>(path: string): TestRequest<T> {
    return this.request<T>('POST', path);
  }
  /** `PUT path`. */
  put<T = any>(path: string): TestRequest<T> {
    return this.request<T>('PUT', path);
  }
  /** `PATCH path`. */
  patch<T = any>(path: string): TestRequest<T> {
    return this.request<T>('PATCH', path);
  }
  /** `DELETE path`. */
  delete<T = any>(path: string): TestRequest<T> {
    return this.request<T>('DELETE', path);
  }
  /** `HEAD path`. */
  head<T = any>(path: string): TestRequest<T> {
    return this.request<T>('HEAD', path);
  }
  /** `OPTIONS path`. */
  options<T = any>(path: string): TestRequest<T> {
    return this.request<T>('OPTIONS', path);
  }

  /**
   * A standard `fetch` routed to the target, for the app's own client libraries. Accepts a string
   * (relative ones resolve against {@link origin}), a `URL` or a `Request`; returns a `Response`.
   * Only the target's origin is reachable through it.
   *
   * @example
   * const notes = new NotesClient({ baseUrl: api.origin, fetch: api.fetch });
   */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const target = await this.#getTarget();
    const url = input instanceof Request ? input.url : new URL(String(input), `${target.origin}/`).href;
    const request = input instanceof Request && init === undefined ? input : new Request(input instanceof Request ? input : url, init);
    if (new URL(request.url).origin !== new URL(target.origin).origin) {
      throw new InvalidRequestError(`api.fetch(${request.method} ${request.url}): only the target's origin (${target.origin}) is reachable through api.fetch`, { target });
    }
    return target.fetch(request);
  };

  /**
   * Releases everything: in-flight requests are aborted, connections and servers closed, and an
   * app built by a factory closed if it has `close()`. Afterwards the process can exit by itself.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing.abort(new ClosedError('the test app was closed while this request was in flight'));
      if (this.#parent) return; // the target belongs to the test app the session came from
      const target = await this.#target?.catch(() => undefined);
      await target?.close();
    })();
    return this.#closed;
  }

  /** `await using api = createTestApp(app)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Creates a test app. `app` may be a Node request listener (Express, Connect, `koa.callback()`), a
 * Koa app, a Fastify instance, an `http.Server`, a fetch handler or an object with `fetch` (Hono),
 * a URL of a deployment, or a function taking no arguments that returns any of these (called once,
 * lazily, and never when a URL target is chosen). `options.target`, then the `TANDEM_TARGET`
 * environment variable, override the app with a deployment URL.
 *
 * @example
 * import { createTestApp } from 'tandem';
 * const api = createTestApp(() => createApp());
 * const res = await api.post('/notes').json({ title: 'hi' }).expect(201);
 * await api.get(res.headers.get('location')!).expectJson({ title: 'hi' });
 * await api.close();
 */
export function createTestApp(app?: AppInput, options?: TestAppOptions): TestApp {
  return new TestApp(app, options);
}
