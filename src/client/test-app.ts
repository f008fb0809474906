import type { Dispatcher } from 'undici';
import { ClosedError } from '../errors/closed-error.js';
import type { Mode } from '../format/exchange.js';
import type { CleanupScope } from '../ledger/ledger.js';
import type { TrackedResource } from '../ledger/cleanup-rules.js';
import { defineFixture, type Fixture, type FixtureOptions } from '../ledger/fixture.js';
import type { Unique } from '../ledger/unique.js';
import type { Sender } from '../pipeline/exchange.js';
import type { SendOverrides } from '../pipeline/pipeline.js';
import type { RequestSpec } from '../request/request-spec.js';
import { TestRequest } from '../request/test-request.js';
import { RequestVerbs } from './request-verbs.js';
import type { FollowUp } from '../response/navigator.js';
import type { TestResponse } from '../response/test-response.js';
import { CookieSession } from '../session/cookie-session.js';
import type { AppInput } from '../targets/classify-app.js';
import { FrontNavigator } from './front-navigator.js';
import { Runtime } from './runtime.js';
import { targetDispatcher } from './target-dispatcher.js';
import type { TestAppOptions } from '../config/test-app-options.js';

/** The ledger's deletions run while `close()` aborts everything else; the request timeout bounds them. */
const NEVER_ABORTED = new AbortController().signal;

/**
 * The app under test, in-process or remote: a front on the {@link Runtime} that owns the target,
 * the pipeline and the lifecycle. Make one with {@link createTestApp}; a {@link session} is
 * another front on the same runtime, with a cookie jar of its own.
 *
 * @example
 * const api = createTestApp(app);
 * await api.get('/health').expect(200);
 * await api.close();
 */
export class TestApp extends RequestVerbs {
  readonly #runtime: Runtime;
  /** Whether this front owns the runtime (a session does not: closing it leaves the target open). */
  readonly #owner: boolean;
  readonly #closing = new AbortController();
  #closed: Promise<void> | undefined;
  /** This test app's cookies: every `Set-Cookie` is stored, and matching cookies are sent, with the same RFC 6265 rules in every mode. */
  readonly cookies: CookieSession = new CookieSession(() => `${this.origin}/`);
  /** How its responses follow, click and submit: through this test app. */
  readonly #navigator = new FrontNavigator({ request: (method, url) => this.request(method, url), follow: (response, spec, own, how) => this.#follow(response, spec, own, how) });
  /** What the pipeline knows of this test app: its cookies, its close signal, its navigator. */
  readonly #sender: Sender = { jar: this.cookies, closing: this.#closing.signal, navigator: this.#navigator, track: (resource) => this.track(resource) };
  /** The ledger's deletions: sent also while closing, never aborted by it. */
  readonly #cleanupSender: Sender = { ...this.#sender, closing: NEVER_ABORTED };
  /** `sendSpec(spec, { cookies: false })`'s: this front without its cookie jar. */
  readonly #jarlessSender: Sender = { ...this.#sender, jar: undefined };
  /** `api.fetch`'s and `api.dispatcher`'s: like a platform fetch, no cookie jar and no deadline of tandem's. */
  readonly #fetchSender: Sender = { ...this.#sender, jar: undefined, navigator: undefined };

  constructor(app: AppInput | undefined, options: TestAppOptions = {}, runtime?: Runtime) {
    super();
    this.#owner = runtime === undefined;
    this.#runtime = runtime ?? new Runtime(app, options);
  }

  /** `'in-process'`, `'loopback'` or `'remote'`; known without starting anything. */
  get mode(): Mode {
    return this.#runtime.mode;
  }
  /** This run's id (`runId` option, `TANDEM_RUN_ID`, or a new one sortable by time): sent in `X-Tandem-Run`, part of every {@link unique} name. */
  get runId(): string {
    return this.#runtime.runId;
  }
  /**
   * Names, slugs and emails no other test, worker or run uses, tagged with the run id.
   *
   * @example
   * const author = api.unique('author');   // 'author-20250314-153012-4f9a2c-1k3f9'
   * const email = api.unique.email('bob'); // 'bob+20250314-153012-4f9a2c-2p0x1@example.com'
   */
  get unique(): Unique {
    return this.#runtime.unique;
  }
  /** The base URL requests are resolved against. For loopback its port, and for a target named in the config file its URL, are known once ready (`await api.ready()`). */
  get origin(): string {
    return this.#runtime.origin;
  }

  /** Builds the target (calling the app factory, starting a loopback server) if not done yet. */
  async ready(): Promise<void> {
    await this.#runtime.target();
  }

  /**
   * Sends a finished request spec through the pipeline: the entry of layers that build requests
   * their own way (`TestRequest` is the usual one). `overrides` may turn off the default status
   * rule, HTTP lint, or automatic redirects for this request.
   *
   * @example
   * const res = await api.sendSpec(spec, { defaultStatus: false, lint: false, maxRedirects: 0 });
   */
  async sendSpec(spec: RequestSpec, overrides?: SendOverrides): Promise<TestResponse> {
    const target = await this.#runtime.targetForRequest(this.#closed !== undefined);
    // Awaited, not returned: V8's async stack trace then runs from a failure to the test's `await`.
    return await this.#runtime.pipeline.request(target, spec, overrides?.cookies === false ? this.#jarlessSender : this.#sender, overrides);
  }

  readonly #send = (spec: RequestSpec): Promise<TestResponse> => this.sendSpec(spec);

  /** Sends the ledger's deletions: also while `close()` cleans up, when other requests are refused. */
  readonly #sendCleanup = async (spec: RequestSpec): Promise<TestResponse> => this.#runtime.pipeline.request(await this.#runtime.target(true), spec, this.#cleanupSender);

  /** `res.follow()`: see `Pipeline.follow`. */
  async #follow(response: TestResponse, spec: RequestSpec, own: RequestSpec, how: FollowUp): Promise<TestResponse> {
    return this.#runtime.pipeline.follow(await this.#runtime.targetForRequest(this.#closed !== undefined), response, spec, own, how, this.#sender);
  }

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
    const session = new TestApp(undefined, undefined, this.#runtime);
    this.#closing.signal.addEventListener('abort', () => void session.close(), { once: true });
    return session;
  }

  /** Starts a request with any method. */
  request<T = any>(method: string, path: string): TestRequest<T> {
    return new TestRequest<T>(this.#send, method, path);
  }

  /**
   * A standard `fetch` routed to the target, for the app's own client libraries: a string
   * (relative ones resolve against {@link origin}), a `URL` or a `Request` in, a `Response` out.
   * Only the target's origin is reachable. It goes through the pipeline like `api.get()`
   * (redirects hop by hop; responses read in full as a copy, except event streams), but, like a
   * platform fetch, keeps no cookie jar and no deadline of its own (pass a `signal`).
   *
   * @example
   * const notes = new NotesClient({ baseUrl: api.origin, fetch: api.fetch });
   */
  readonly fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => this.#runtime.fetch(input, init, this.#fetchSender);

  /**
   * An undici `Dispatcher` routed to the target, for client libraries built on undici:
   * `request(url, { dispatcher })`, or `fetch(url, { dispatcher })` with undici's or Node's fetch.
   * Only the target's origin is reachable. It goes through the pipeline like `api.fetch`, the
   * response streamed to the caller: the checks that need the whole body run when it ends, and a
   * failure then errors the body. `close()`/`destroy()` on it do nothing; `api.close()` closes it.
   *
   * @example
   * import { request } from 'undici';
   * const res = await request(new URL('/notes', api.origin), { dispatcher: api.dispatcher });
   * await res.body.json();
   */
  get dispatcher(): Dispatcher {
    this.#dispatcher ??= targetDispatcher((options, handler) => this.#runtime.dispatch(options, handler, this.#fetchSender));
    return this.#dispatcher;
  }

  /** Made on first use of {@link dispatcher}: undici loads with the first request, not with the test app. */
  #dispatcher: Dispatcher | undefined;

  /**
   * Registers something a test created, to be removed by the next {@link cleanup} (after the test
   * with a runner integration, else at {@link close}): a path or URL means `DELETE <url>` through
   * this test app; `{ delete, describe }` a function of your own. Removal runs last-in-first-out,
   * whatever the test's outcome; a 404 or 410 counts as already gone. Against a remote target the
   * registration is written to the run file before this returns, so `tandem sweep` finds it after
   * a crash (a `DELETE <url>` only: a function cannot be replayed, it is reported instead).
   *
   * @example
   * api.track(`/users/${user.id}`);
   * api.track({ describe: 'S3 upload', delete: () => s3.deleteObject(key) });
   */
  track(resource: string | TrackedResource): void {
    this.#runtime.track(resource, this.#sendCleanup);
  }

  /**
   * Removes what the ledger holds, newest first, each with bounded retries: `'test'` what the
   * running test registered (runner integrations call it from `afterEach`), `'all'` everything
   * left. Rejects with `CleanupError` (`TANDEM_CLEANUP_FAILED`), a table of what could not be removed.
   *
   * @example
   * afterEach(() => api.cleanup('test'));
   */
  cleanup(scope: CleanupScope = 'all'): Promise<void> {
    return this.#runtime.cleanup(scope);
  }

  /**
   * Declares test data: `create(api)` runs on the first call in a test (or, outside tests, in the
   * suite) and later calls in that scope share its value; what it created is removed with the scope.
   *
   * @example
   * const note = api.fixture(async (api) => (await api.post('/notes').json({ title: api.unique('n') }).expect(201)).json as Note);
   * test('reads a note', async () => { await api.get(`/notes/${(await note()).id}`).expect(200); });
   */
  fixture<T>(create: (api: TestApp) => T | Promise<T>, options?: FixtureOptions<T>): Fixture<T> {
    return defineFixture<TestApp, T>(this, this.#runtime.ledger, create, options);
  }

  /**
   * Releases everything: in-flight requests are aborted, then what the ledger holds is removed,
   * then connections and servers are closed (and an app built by a factory, if it has `close()`).
   * Rejects with the `CleanupError` when something could not be removed (the rest is still closed),
   * or with a `ParityError` when the `compare` option found differences (outside `tandem test`).
   * A session's `close()` only ends the session.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing.abort(new ClosedError('the test app was closed while this request was in flight'));
      if (this.#owner) await this.#runtime.close();
    })();
    return this.#closed;
  }

  /** `await using api = createTestApp(app)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
