/**
 * What a test app runs on: the target, the pipeline and the lifecycle, shared by the test app
 * and its sessions. The lifecycle is explicit:
 *
 *   configuring → configured → ready → closing → closed
 *
 * `configuring` while a config file loads (the mode is known already); `configured` once the
 * options are final and the pipeline is built; `ready` once the target is built (the app factory
 * called, a loopback server listening, a remote target answering its readiness check);
 * `closing` while `close()` removes what the ledger holds (only those deletions are sent);
 * `closed` from then on.
 */
import { BadTargetError } from '../errors/bad-target-error.js';
import { ClosedError } from '../errors/closed-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { OptionError } from '../errors/option-error.js';
import { TandemError } from '../errors/tandem-error.js';
import type { Mode } from '../format/exchange.js';
import { redactUrl } from '../format/redact.js';
import { coverageDir } from '../contracts/coverage/dir.js';
import { planTestApp } from '../config/choose-target.js';
import { Ledger, type CleanupScope } from '../ledger/ledger.js';
import type { TrackedResource } from '../ledger/cleanup-rules.js';
import { customEntry, deleteEntry } from '../ledger/track.js';
import { resolveUrl } from '../request/resolve-url.js';
import { TestRequest, type SendSpec } from '../request/test-request.js';
import { resolveRunId } from '../ledger/run-id.js';
import { setUpTestData } from '../ledger/test-data-setup.js';
import { createUnique, type Unique } from '../ledger/unique.js';
import type { Dispatcher } from 'undici';
import { DispatchTee } from '../pipeline/dispatch-tee.js';
import type { Exchange, Sender } from '../pipeline/exchange.js';
import { Pipeline } from '../pipeline/pipeline.js';
import type { HarRecorder } from '../recording/har-recorder.js';
import { harPathOf } from '../recording/har-path.js';
import { classifyApp, parseTargetUrl, secureOrigin, servesTls, type AppInput } from '../targets/classify-app.js';
import { createTarget } from '../targets/create-target.js';
import { resolveLintRules } from '../targets/lint/options.js';
import type { Target } from '../targets/target.js';
import type { LintRule } from '../errors/lint-error.js';
import { requestDefaults } from './request-defaults.js';
import { flushRunStats } from '../run/run-stats.js';
import { allowWrites, currentTest, writesAllowed } from '../run/test-context.js';
import type { TestAppOptions } from '../config/test-app-options.js';
import { waitUntilReady } from './wait-until-ready.js';
import type { Parity } from '../parity/parity.js';
import { paritySettings } from '../parity/parity-settings.js';
import { loadOptionalSteps, optionalSteps } from './optional-steps.js';

const DEFAULT_ORIGIN = 'http://localhost';
const CLOSED = 'this test app has been closed; create a new one with createTestApp()';

export type Lifecycle = 'configuring' | 'configured' | 'ready' | 'closing' | 'closed';

export class Runtime {
  /** `'in-process'`, `'loopback'` or `'remote'`; known without starting anything. */
  readonly mode: Mode;
  readonly runId: string;
  readonly unique: Unique;
  /** What the tests created, removed after each test and at `close()`; sessions share it. */
  readonly ledger = new Ledger();
  #state: Lifecycle = 'configuring';
  /** Loading the config file, while `configuring`. */
  #configuring: Promise<void> | undefined;
  #input: AppInput | undefined;
  #options: TestAppOptions = {};
  #origin = '';
  #pipeline: Pipeline | undefined;
  #recorder: HarRecorder | undefined;
  #lint: ReadonlySet<LintRule> | undefined;
  #target: Promise<Target> | undefined;
  /** With `compare` (or `tandem test --compare`): the other targets every request is also sent to. */
  #parity: Parity | undefined;

  constructor(app: AppInput | undefined, options: TestAppOptions) {
    this.runId = resolveRunId(options.runId, options.env ?? process.env);
    this.unique = createUnique(this.runId);
    const plan = planTestApp(app, options);
    this.mode = plan.mode;
    if (plan.configFile === undefined) {
      const loading = this.#configure(plan.input, plan.options);
      if (loading === undefined) return;
      this.#configuring = loading; // the modules of an optional step (a contract, a recording, compare) are loading
      this.#configuring.catch(() => undefined);
      return;
    }
    // Known now unless the target is a name in the config file (the getter says so until then).
    if (plan.url) this.#origin = plan.url.href.replace(/\/$/, '');
    else if (!plan.named) this.#origin = this.#appOrigin(options);
    this.#configuring = plan.resolve().then(({ input, options: resolved }) => this.#configure(input, resolved));
    this.#configuring.catch(() => undefined); // reported by the first request or ready()
  }

  get state(): Lifecycle {
    return this.#state;
  }

  /** The origin an app is reached at (`https:` for an app served over TLS); over loopback its port is known once it listens. */
  #appOrigin(options: TestAppOptions, tls = false): string {
    if (this.mode === 'loopback') return tls ? 'https://127.0.0.1' : 'http://127.0.0.1';
    const origin = parseTargetUrl(options.origin ?? DEFAULT_ORIGIN, 'options.origin').origin;
    return tls ? secureOrigin(origin) : origin;
  }

  /**
   * Everything that depends on the final options: the request defaults, the ledger and safety
   * policy, the pipeline. The options are checked at once; when an optional step's module is not
   * loaded yet, the pipeline is built once it is (the promise returned).
   */
  #configure(input: AppInput, options: TestAppOptions): Promise<void> | undefined {
    this.#input = input;
    this.#options = options;
    const classified = classifyApp(input);
    this.#origin = classified.type === 'url' ? classified.url.href.replace(/\/$/, '') : this.#appOrigin(options, servesTls(classified));
    const defaults = requestDefaults(options);
    this.#lint = resolveLintRules(options.lint);
    const env = options.env ?? process.env;
    const harPath = harPathOf(options.record, env);
    const data = setUpTestData({
      options,
      headers: defaults.headers,
      mode: classified.type === 'url' ? 'remote' : this.mode,
      remoteUrl: classified.type === 'url' ? classified.url : undefined,
      runId: this.runId,
      ledger: this.ledger,
      ownsLedger: true,
      register: (what, request) => (request as Exchange).sender.track(what),
    });
    const parity = paritySettings(options.compare, env);
    if (parity && classified.type === 'url' && (parity.candidate.kind !== 'url' || (parity.noise && parity.noise.kind !== 'url'))) {
      throw new OptionError("compare: the app itself ('local', 'loopback') can be compared only with the app in-process as this test app's target; this one is a URL", { key: 'compare' });
    }
    const build = () => {
      const steps = optionalSteps();
      const { headers, timeoutMs, maxBodyBytes, maxRedirects } = defaults;
      this.#recorder = harPath === undefined ? undefined : new steps.recording!.HarRecorder({ path: harPath, defaultHeaders: headers, env, testName: currentTest, secretFields: options.secretFields });
      const contract = options.openapi === undefined ? undefined : steps.contract!.openApiHooks({ openapi: options.openapi, validateRequests: options.validateRequests ?? false, coverageDir: coverageDir(options.coverage, env) });
      this.#parity = parity === undefined ? undefined : new steps.parity!.Parity(parity, input, options, classified.type === 'url' ? redactUrl(this.#origin) : `app (${this.mode})`);
      this.#pipeline = new Pipeline(
        { safety: data.safety, runHeader: data.runHeader[0], recorder: this.#recorder, cleanup: data.cleanup, contract, parity: this.#parity?.step },
        { headers, timeoutMs, maxBodyBytes, maxRedirects, secrets: data.secrets },
      );
      this.#state = 'configured';
    };
    const loading = loadOptionalSteps({ recording: harPath !== undefined, contract: options.openapi !== undefined, parity: parity !== undefined });
    if (loading === undefined) build();
    else return loading.then(build);
    return undefined;
  }

  /** The pipeline, once configured (await {@link configured} first). */
  get pipeline(): Pipeline {
    return this.#pipeline!;
  }

  /** Settles once the options are final (at once, or when the config file has loaded). */
  configured(): Promise<void> {
    return this.#configuring ?? Promise.resolve();
  }

  /** The base URL requests are resolved against (for loopback, and a target named in the config file, known once ready). */
  get origin(): string {
    if (this.#origin === '') throw new BadTargetError('api.origin is not known yet: the target is named in the config file, which loads on first use; await api.ready() first');
    return this.#origin;
  }

  /** The final options (the config file's merged in), once configured. */
  get options(): TestAppOptions {
    return this.#options;
  }

  /**
   * The target, built on first use; `forCleanup` lets the ledger's deletions through while
   * closing. Refused once closed.
   */
  async target(forCleanup = false): Promise<Target> {
    if (this.#state === 'closed' || (this.#state === 'closing' && !forCleanup)) throw new ClosedError(CLOSED);
    if (this.#state === 'configuring') await this.#configuring;
    this.#target ??= this.#startTarget();
    return this.#target;
  }

  /**
   * The same target for a request of a front (`closed`: the front, a session, is closed), failures
   * named as this test app's (no target was built: a factory failed, or it is closed).
   */
  async targetForRequest(closed: boolean): Promise<Target> {
    try {
      if (closed) throw new ClosedError(CLOSED);
      return await this.target();
    } catch (error) {
      throw error instanceof TandemError ? error.withContext({ target: { mode: this.mode, kind: 'app', origin: this.#origin || '(from the config file)' } }) : error;
    }
  }

  /** Builds the target, then, for a remote one with `ready` set, waits until it answers 2xx there. */
  async #startTarget(): Promise<Target> {
    const options = this.#options;
    const target = await createTarget(this.#input!, {
      transport: this.mode === 'loopback' ? 'loopback' : 'in-process',
      inProcessOrigin: this.#origin,
      ca: options.ca,
      lint: this.#lint,
    });
    this.#origin = target.origin;
    const ready = typeof options.ready === 'string' ? { path: options.ready } : options.ready;
    if (ready && target.mode === 'remote') {
      try {
        await waitUntilReady(target.origin, { path: ready.path, timeoutMs: ready.timeout, intervalMs: ready.interval, headers: options.headers, ca: options.ca });
      } catch (error) {
        await target.close().catch(() => undefined);
        throw error instanceof TandemError ? error.withContext({ target }) : error;
      }
    }
    if (this.#state === 'configured') this.#state = 'ready';
    return target;
  }

  /**
   * `api.track()`: a custom resource as it is; a path or URL on the target's origin as
   * `DELETE <url>`, sent by `sendCleanup` (the front that tracked it, with its cookies).
   */
  track(resource: string | TrackedResource, sendCleanup: SendSpec): void {
    if (typeof resource !== 'string') {
      this.ledger.add(customEntry(resource));
      return;
    }
    const url = resolveUrl(this.origin, resource, []);
    if (!url) throw new InvalidRequestError(`api.track(${resource}): the URL is not on the target's origin (${this.origin}); tandem can delete only what the app under test holds`);
    // Cleanup deletes what a test was allowed to create, on a read-only target too. Only what was
    // registered inside allowWrites(...) is deleted that way: a track() outside it cannot turn into a write.
    const send = (href: string) => new TestRequest(sendCleanup, 'DELETE', href).then(() => undefined);
    this.ledger.add(deleteEntry(url.href, writesAllowed() ? allowWrites(send) : send));
  }

  /**
   * `api.fetch`: `input` resolves against the target's origin, and only that origin is reachable;
   * then the pipeline (see `Pipeline.fetch`).
   */
  async fetch(input: string | URL | Request, init: RequestInit | undefined, sender: Sender): Promise<Response> {
    const target = await this.target();
    const url = input instanceof Request ? input.url : new URL(String(input), `${target.origin}/`).href;
    const request = input instanceof Request && init === undefined ? input : new Request(input instanceof Request ? input : url, init);
    if (new URL(request.url).origin !== new URL(target.origin).origin) {
      throw new InvalidRequestError(`api.fetch(${request.method} ${request.url}): only the target's origin (${target.origin}) is reachable through api.fetch`, { target });
    }
    return this.pipeline.fetch(target, request, sender);
  }

  /**
   * `api.dispatcher`'s dispatch: through the pipeline once configured, streamed to `handler`,
   * which hears any failure (a target that cannot be built, a refusal, a failed check).
   */
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler, sender: Sender): void {
    const tee = new DispatchTee(handler);
    this.#dispatch(options, tee, sender).then(
      () => tee.finish(),
      (error: unknown) => tee.fail(error instanceof Error ? error : new Error(String(error))),
    );
  }

  async #dispatch(options: Dispatcher.DispatchOptions, tee: DispatchTee, sender: Sender): Promise<void> {
    const target = await this.target();
    await this.pipeline.dispatch(target, options, tee, sender);
  }

  /** Removes what the tests created (`scope`), on the target and on the targets parity compares it with. */
  async cleanup(scope: CleanupScope): Promise<void> {
    if (scope !== 'test' && scope !== 'all') throw new InvalidRequestError(`api.cleanup() takes 'test' or 'all', got ${JSON.stringify(scope)}`);
    try {
      await this.ledger.cleanup(scope);
    } finally {
      await this.#parity?.cleanup(scope);
    }
  }

  /**
   * Closes: what the ledger holds is removed (`cleanup('all')`), then the target and its servers,
   * the recording is written. Rejects with the `CleanupError` when something could not be removed,
   * else with a `ParityError` when `compare` found differences outside `tandem test`.
   */
  async close(): Promise<void> {
    this.#state = 'closing';
    // The other targets first: their ledgers remove what was created there.
    const parityLeftovers = await this.#parity?.close().then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    const leftovers = await this.ledger.cleanup('all').then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    this.#state = 'closed';
    const target = await this.#target?.catch(() => undefined);
    await target?.close();
    this.#recorder?.save();
    this.ledger.finish();
    flushRunStats();
    if (leftovers !== undefined) throw leftovers;
    if (parityLeftovers !== undefined) throw parityLeftovers;
    this.#parity?.report();
  }
}
