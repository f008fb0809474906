import { BadTargetError } from '../errors/bad-target-error.js';
import { ClosedError } from '../errors/closed-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { TandemError } from '../errors/tandem-error.js';
import type { Mode } from '../format/exchange.js';
import type { RequestSpec } from '../request/request-spec.js';
import { sendRequest, type SendDefaults } from '../request/send-request.js';
import { TestRequest } from '../request/test-request.js';
import type { TestResponse } from '../response/test-response.js';
import { classifyApp, parseTargetUrl, type AppInput } from '../targets/classify-app.js';
import { createTarget } from '../targets/create-target.js';
import type { Target } from '../targets/target.js';
import type { Dispatcher } from 'undici';
import type { TestAppOptions } from './test-app-options.js';
import type { LintRule } from '../errors/lint-error.js';
import { resolveLintRules } from '../targets/lint/options.js';
import { CookieSession } from '../session/cookie-session.js';
import type { PendingRequest, SendHooks } from '../request/send-hooks.js';
import { openApiHooks } from '../contracts/openapi/hooks.js';
import { coverageDir } from '../contracts/coverage/dir.js';
import { recorderFor, type HarRecorder } from '../recording/har-recorder.js';
import { allowWrites, currentTest, writesAllowed } from './test-context.js';
import { planTestApp, type TestAppPlan } from '../config/choose-target.js';
import { countRequest, flushRunStats } from './run-stats.js';
import { TargetDispatcher } from './target-dispatcher.js';
import { waitUntilReady } from './wait-until-ready.js';
import { requestDefaults } from './request-defaults.js';
import { fetchWithHooks } from './safety-fetch.js';
import { resolveUrl } from '../request/resolve-url.js';
import { Ledger, type CleanupScope } from '../ledger/ledger.js';
import { resolveRunId } from '../ledger/run-id.js';
import { createUnique, type Unique } from '../ledger/unique.js';
import { setUpTestData } from '../ledger/test-data-setup.js';
import { customEntry, deleteEntry } from '../ledger/track.js';
import { defineFixture, type Fixture, type FixtureOptions } from '../ledger/fixture.js';
import type { TrackedResource } from '../ledger/cleanup-rules.js';

/** The ledger's deletions run while `close()` aborts everything else; the request timeout bounds them. */
const NEVER_ABORTED = new AbortController().signal;

const DEFAULT_ORIGIN = 'http://localhost';


/** Counts every request of a `tandem test` run (see run-stats.ts). */
const COUNT_REQUESTS: SendHooks = { beforeSend: countRequest };

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
  /** What is tested; set by {@link #configure}. */
  #input: AppInput | undefined;
  /** The options in force (the config file's merged in); set by {@link #configure}. */
  #options: TestAppOptions = {};
  #defaults!: SendDefaults;
  /** False until {@link #configure} ran: until then, `#configuring` is loading the config file. */
  #configured = false;
  #configuring: Promise<void> | undefined;
  /**
   * Run around every request, including those made through `api.fetch`: the safety policy, the
   * cleanup ledger, recording and contract checks each add theirs in the constructor.
   */
  readonly #hooks: SendHooks[] = [];
  /** Records exchanges to a HAR file (`record`, `TANDEM_HAR`); a session shares its parent's. */
  #recorder: HarRecorder | undefined;
  #lint: ReadonlySet<LintRule> | undefined;
  readonly #closing = new AbortController();
  /** The test app a `session()` was made from: it owns the target. */
  readonly #parent: TestApp | undefined;
  #origin: string;
  #target: Promise<Target> | undefined;
  #closed: Promise<void> | undefined;
  /** Set when `close()` starts: from then on requests are refused, except the ledger's deletions. */
  #shut = false;
  /** Set once `close()` has cleaned up and is closing the target: nothing may be sent any more. */
  #targetClosed = false;
  /** What the tests created, removed after each test and at `close()`; sessions share it. */
  readonly #ledger: Ledger;
  /** `[[X-Tandem-Run, runId]]` (or none), added to `api.fetch` requests too. */
  #runHeader: Array<[string, string]> = [];
  /**
   * This run's id (`runId` option, `TANDEM_RUN_ID`, or a new one sortable by time): sent in the
   * `X-Tandem-Run` header of every request and part of every {@link unique} name.
   */
  readonly runId: string;
  /**
   * Names, slugs and emails no other test, worker or run uses, tagged with the run id.
   *
   * @example
   * const author = api.unique('author');   // 'author-20250314-153012-4f9a2c-1k3f9'
   * const email = api.unique.email('bob'); // 'bob+20250314-153012-4f9a2c-2p0x1@example.com'
   */
  readonly unique: Unique;
  /**
   * This test app's cookies: every `Set-Cookie` is stored, and matching cookies are sent, with
   * the same RFC 6265 rules in every mode.
   */
  readonly cookies: CookieSession = new CookieSession(() => `${this.origin}/`);

  constructor(app: AppInput | undefined, options: TestAppOptions = {}, parent?: TestApp) {
    this.#parent = parent;
    this.runId = parent ? parent.runId : resolveRunId(options.runId, options.env ?? process.env);
    this.unique = parent ? parent.unique : createUnique(this.runId);
    this.#ledger = parent ? parent.#ledger : new Ledger();
    // The mode is known now; the input and options now, or once the config file has loaded.
    const plan = parent ? parent.#sessionPlan() : planTestApp(app, options);
    this.mode = plan.mode;
    if (plan.configFile === undefined) {
      this.#origin = '';
      this.#configure(plan.input, plan.options);
    } else {
      // Known now unless the target is a name in the config file (the getter says so until then).
      if (plan.url) this.#origin = plan.url.href.replace(/\/$/, '');
      else if (plan.named) this.#origin = '';
      else this.#origin = this.mode === 'loopback' ? 'http://127.0.0.1' : parseTargetUrl(options.origin ?? DEFAULT_ORIGIN, 'options.origin').origin;
      this.#configuring = plan.resolve().then(({ input, options: resolved }) => this.#configure(input, resolved));
      this.#configuring.catch(() => undefined); // reported by the first request or ready()
    }
  }

  /**
   * Everything that depends on the options. It runs with the final options: at once, or, when a
   * config file applies, once it has loaded (before the first request). Option-dependent set-up
   * (hooks, recorders, policies) belongs here, not in the constructor.
   */
  #configure(input: AppInput, options: TestAppOptions): void {
    const parent = this.#parent;
    this.#input = input;
    this.#options = options;
    const classified = classifyApp(input);
    const { headers, timeoutMs, maxBodyBytes, maxRedirects } = requestDefaults(options);
    this.#defaults = { headers, timeoutMs, maxBodyBytes, cookies: this.cookies, maxRedirects, send: this.#send, hooks: this.#hooks };
    this.#lint = resolveLintRules(options.lint);
    this.#recorder = parent ? parent.#recorder : recorderFor(options.record, { defaultHeaders: headers, env: options.env ?? process.env, testName: currentTest, secretFields: options.secretFields });
    if (this.#recorder) this.#hooks.push(this.#recorder);
    if (classified.type === 'url') {
      this.#origin = classified.url.href.replace(/\/$/, '');
    } else {
      this.#origin = this.mode === 'loopback' ? 'http://127.0.0.1' : parseTargetUrl(options.origin ?? DEFAULT_ORIGIN, 'options.origin').origin;
    }
    const data = setUpTestData({
      options,
      headers,
      mode: classified.type === 'url' ? 'remote' : this.mode,
      remoteUrl: classified.type === 'url' ? classified.url : undefined,
      runId: this.runId,
      ledger: this.#ledger,
      ownsLedger: !parent,
      register: (what) => this.track(what),
    });
    this.#hooks.unshift(data.safety); // first: a refused request reaches no other hook
    this.#hooks.push(data.cleanup);
    this.#runHeader = data.runHeader;
    this.#defaults.headers = [...headers.filter(([name]) => !data.runHeader.some(([run]) => run.toLowerCase() === name.toLowerCase())), ...data.runHeader];
    this.#defaults.secrets = data.secrets;
    // After recording and cleanup, so a response that breaks the contract is still recorded and cleaned up.
    if (options.openapi !== undefined) {
      this.#hooks.push(openApiHooks({ openapi: options.openapi, validateRequests: options.validateRequests ?? false, coverageDir: coverageDir(options.coverage, options.env ?? process.env) }));
    }
    this.#hooks.push(COUNT_REQUESTS); // last: only requests that no hook refused are counted
    this.#configured = true;
  }

  /** A session's plan: its parent's input and final options, now or once they are known. */
  #sessionPlan(): TestAppPlan {
    if (this.#configured) return { mode: this.mode, input: this.#input!, options: this.#options };
    const configuring = this.#configuring!;
    return { mode: this.mode, configFile: 'its parent\'s', resolve: () => configuring.then(() => ({ input: this.#input!, options: this.#options })) };
  }

  /**
   * The base URL requests are resolved against. For loopback its port, and for a target named in
   * the config file its URL, are known once the target is ready (`await api.ready()`).
   */
  get origin(): string {
    if (this.#parent) return this.#parent.origin;
    if (this.#origin === '') {
      throw new BadTargetError('api.origin is not known yet: the target is named in the config file, which loads on first use; await api.ready() first');
    }
    return this.#origin;
  }

  /** Builds the target (calling the app factory, starting a loopback server) if not done yet. */
  async ready(): Promise<void> {
    await this.#getTarget();
  }

  /** The target; `forCleanup` lets the ledger's deletions through while `close()` runs them. */
  #getTarget(forCleanup = false): Promise<Target> {
    if (this.#shut && !(forCleanup && !this.#targetClosed)) return Promise.reject(new ClosedError('this test app has been closed; create a new one with createTestApp()'));
    if (!this.#configured) return this.#configuring!.then(() => this.#getTarget(forCleanup));
    if (this.#parent) return this.#parent.#getTarget(forCleanup);
    this.#target ??= this.#startTarget();
    return this.#target;
  }

  /** Builds the target, then, for a remote one with `ready` set, waits until it answers 2xx there. */
  async #startTarget(): Promise<Target> {
    const target = await createTarget(this.#input!, {
      transport: this.mode === 'loopback' ? 'loopback' : 'in-process',
      inProcessOrigin: this.#origin,
      ca: this.#options.ca,
      lint: this.#lint,
    });
    this.#origin = target.origin;
    const ready = typeof this.#options.ready === 'string' ? { path: this.#options.ready } : this.#options.ready;
    if (ready && target.mode === 'remote') {
      try {
        await waitUntilReady(target.origin, {
          path: ready.path,
          timeoutMs: ready.timeout,
          intervalMs: ready.interval,
          headers: this.#options.headers,
          ca: this.#options.ca,
        });
      } catch (error) {
        await target.close().catch(() => undefined);
        throw error instanceof TandemError ? error.withContext({ target }) : error;
      }
    }
    return target;
  }

  /** Runs the `beforeSend` hooks for a request that does not go through `sendRequest`. */
  #beforeSend(request: PendingRequest): void {
    for (const hook of this.#hooks) hook.beforeSend?.(request);
  }

  readonly #send = async (spec: RequestSpec): Promise<TestResponse> => {
    const target = await this.#getTarget().catch((error: unknown) => {
      // No target was built (a factory failed, or the app is closed): name what was being tested.
      throw error instanceof TandemError ? error.withContext({ target: { mode: this.mode, kind: 'app', origin: this.#origin || '(from the config file)' } }) : error;
    });
    return sendRequest(target, spec, this.#defaults, this.#closing.signal);
  };

  /** Sends the ledger's deletions: also while `close()` cleans up, when other requests are refused. */
  readonly #sendCleanup = async (spec: RequestSpec): Promise<TestResponse> => sendRequest(await this.#getTarget(true), spec, this.#defaults, NEVER_ABORTED);

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
   * Only the target's origin is reachable through it. Redirects are followed hop by hop on the
   * target's origin; every hop passes the safety policy, and every response (read in full as a
   * copy, except event streams) the cleanup rules, the recording and the OpenAPI checks.
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
    return fetchWithHooks(target, request, this.#hooks, this.#runHeader, this.#defaults.secrets);
  };

  /**
   * An undici `Dispatcher` routed to the target, for client libraries built on undici:
   * `request(url, { dispatcher })`, or `fetch(url, { dispatcher })` with undici's or Node's fetch.
   * In-process it reaches the app without a port (a fetch handler through an in-memory HTTP
   * bridge); remote, the target's own connection pool. Only the target's origin is reachable. Each
   * request passes the `beforeSend` hooks (safety policy, counting), but not the per-exchange
   * features of `api.get()` & co.: default headers, cookies, timeouts, status checks, HTTP lint,
   * recording, ledger tracking. `close()`/`destroy()` on it do nothing; `api.close()` closes it.
   *
   * @example
   * import { request } from 'undici';
   * const res = await request(new URL('/notes', api.origin), { dispatcher: api.dispatcher });
   * await res.body.json();
   */
  readonly dispatcher: Dispatcher = new TargetDispatcher(
    () => this.#getTarget(),
    (request) => this.#beforeSend(request),
    () => this.#defaults.secrets ?? [],
  );

  /**
   * Registers something a test created, to be removed by the next {@link cleanup} (after the test
   * with a runner integration, else at {@link close}): a path or URL means `DELETE <url>` through
   * this test app; `{ delete, describe }` a function of your own. Removal runs last-in-first-out,
   * whatever the test's outcome; a 404 or 410 counts as already gone. Against a remote target the
   * registration is written to the run file before this returns, so `tandem sweep` finds it after
   * a crash (a `DELETE <url>` only: a function cannot be replayed, it is reported instead).
   *
   * @example
   * const { json: user } = await api.post('/users').json({ name: api.unique('user') }).expect(200);
   * api.track(`/users/${user.id}`);
   * api.track({ describe: 'S3 upload', delete: () => s3.deleteObject(key) });
   */
  track(resource: string | TrackedResource): void {
    if (typeof resource !== 'string') {
      this.#ledger.add(customEntry(resource));
      return;
    }
    const url = resolveUrl(this.origin, resource, []);
    if (!url) throw new InvalidRequestError(`api.track(${resource}): the URL is not on the target's origin (${this.origin}); tandem can delete only what the app under test holds`);
    // Cleanup deletes what a test was allowed to create, on a read-only target too, through the
    // test app (or session, with its cookies) that created it. Only what was registered inside
    // allowWrites(...) is deleted that way: a track() outside it cannot turn into a write.
    const send = (href: string) => new TestRequest(this.#sendCleanup, 'DELETE', href).then(() => undefined);
    const sendDelete = writesAllowed() ? allowWrites(send) : send;
    this.#ledger.add(deleteEntry(url.href, sendDelete));
  }

  /**
   * Removes what the ledger holds, newest first, each with bounded retries: `'test'` what the
   * running test registered (runner integrations call it from `afterEach`), `'all'` everything
   * left. Rejects with `CleanupError` (`TANDEM_CLEANUP_FAILED`) whose message is a table of what
   * could not be removed: method, URL, the test that created it, the last error.
   *
   * @example
   * afterEach(() => api.cleanup('test'));
   */
  cleanup(scope: CleanupScope = 'all'): Promise<void> {
    if (scope !== 'test' && scope !== 'all') return Promise.reject(new InvalidRequestError(`api.cleanup() takes 'test' or 'all', got ${JSON.stringify(scope)}`));
    return this.#ledger.cleanup(scope);
  }

  /**
   * Declares test data: `create(api)` runs on the first call in a test (or, outside tests, in the
   * suite) and later calls in that scope share its value; what it created is removed with the
   * scope by the ledger (a `201` with `Location`, a rule, `api.track()`, or `options.remove`).
   *
   * @example
   * const note = api.fixture(async (api) => (await api.post('/notes').json({ title: api.unique('n') }).expect(201)).json as Note);
   * test('reads a note', async () => {
   *   const { id } = await note();
   *   await api.get(`/notes/${id}`).expect(200);
   * });
   */
  fixture<T>(create: (api: TestApp) => T | Promise<T>, options?: FixtureOptions<T>): Fixture<T> {
    return defineFixture<TestApp, T>(this, this.#ledger, create, options);
  }

  /**
   * Releases everything: in-flight requests are aborted, then what the ledger holds is removed
   * (`cleanup('all')`), then connections and servers are closed, and an app built by a factory
   * closed if it has `close()`. Afterwards the process can exit by itself. Rejects with the `CleanupError`
   * when something could not be removed (everything else is still closed).
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#shut = true;
      this.#closing.abort(new ClosedError('the test app was closed while this request was in flight'));
      if (this.#parent) return; // the target, and the shared ledger, belong to the test app the session came from
      const leftovers = await this.cleanup('all').then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      );
      this.#targetClosed = true;
      const target = await this.#target?.catch(() => undefined);
      await target?.close();
      this.#recorder?.save();
      this.#ledger.finish();
      flushRunStats();
      if (leftovers !== undefined) throw leftovers;
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
