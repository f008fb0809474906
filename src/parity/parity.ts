/**
 * Parity: every request the suite sends to the primary target is also sent to the candidate (and
 * to a second instance of the primary, for noise), and the answers are compared field by field.
 * It is one step of the pipeline (see `pipeline/order.ts`): the primary's exchange runs through
 * the rest of the chain as always, the test's checks see only the primary's answer, and then the
 * step sends the same request to the others. Each of them is a test app of its own on its target
 * (same options, its own cookie jar and cleanup ledger, safety applied to its own URL), so what
 * it created is removed there and nothing is recorded twice.
 */
import { currentTest } from '../run/test-context.js';
import type { TestApp } from '../client/test-app.js';
import type { TestAppOptions } from '../config/test-app-options.js';
import { redactUrl } from '../format/redact.js';
import type { CleanupScope } from '../ledger/ledger.js';
import type { Exchange, Middleware } from '../pipeline/exchange.js';
import type { RequestSpec } from '../request/request-spec.js';
import type { AppInput } from '../targets/classify-app.js';
import { SAFE_METHODS } from '../safety/read-only.js';
import { diffResponses, markNoise, type ComparedResponse, type DiffOptions } from './diff-responses.js';
import { IdMap } from './id-map.js';
import { ParityError } from '../errors/parity-error.js';
import { formatParity } from './format-parity.js';
import { recordParity, summarizeRecords, type ParityRecord } from './parity-results.js';
import type { ParitySettings, ParityTarget } from './parity-settings.js';
import type { ParitySummary } from './parity-summary.js';

/** Headers not copied to the other targets: each side's own framing, cookies and run header are added there. */
const NOT_COPIED = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
/** A repeat of a request to the primary, for noise, is bounded like any request. */
const REPEAT_TIMEOUT_MS = 30_000;

/** The request as the step saw it before the rest of the chain ran. */
interface Sent {
  method: string;
  url: URL;
  headers: Array<[string, string]>;
  body: Uint8Array | undefined;
  streamed: boolean;
  test: string | undefined;
}

/** Another target of the comparison: a test app, and the ids mapped to its own. */
interface Side {
  app: Promise<TestApp>;
  ids: IdMap;
}

const shown = (target: ParityTarget) => (target.kind === 'url' ? redactUrl(target.url) : `app (${target.kind === 'local' ? 'in-process' : 'loopback'})`);

const decode = (target: ParityTarget) => (target.kind === 'url' ? { target: target.url } : { target: undefined, transport: target.kind === 'loopback' ? ('loopback' as const) : ('in-process' as const) });

/**
 * One test app's parity: the pipeline step, and the candidate's (and noise instance's) test apps,
 * made on first use, cleaned up with the primary's tests and closed with it.
 *
 * Without a run directory (`TANDEM_PARITY_DIR`) it keeps what it compared and sums it up at `close()`.
 *
 * @example
 * const parity = new Parity(settings, input, options, 'app (in-process)');
 * steps.parity = parity.step;
 */
export class Parity {
  readonly #settings: ParitySettings;
  readonly #input: AppInput;
  readonly #options: TestAppOptions;
  /** This test app's target, as the summary shows it. */
  readonly #primary: string;
  /** What was compared, when there is no run directory to record it in. */
  readonly #records: ParityRecord[] = [];
  #candidate: Side | undefined;
  #noise: Side | undefined;

  constructor(settings: ParitySettings, input: AppInput, options: TestAppOptions, primary: string) {
    this.#settings = settings;
    this.#input = input;
    this.#options = options;
    this.#primary = primary;
  }

  /** A test app on `target` with the primary's options, recording nothing and comparing nothing. */
  #side(target: ParityTarget): Side {
    const env = { ...(this.#options.env ?? process.env) };
    for (const name of ['TANDEM_TARGET', 'TANDEM_TARGET_NAME', 'TANDEM_COMPARE', 'TANDEM_NOISE', 'TANDEM_PARITY_DIR', 'TANDEM_HAR', 'TANDEM_COVERAGE_DIR']) delete env[name];
    const options: TestAppOptions = { ...this.#options, ...decode(target), record: false, coverage: false, openapi: undefined, compare: false, env };
    // Loaded when first needed: the client layer loads this module.
    const app = import('../client/test-app.js').then(({ TestApp }) => new TestApp(this.#input, options));
    return { app, ids: new IdMap() };
  }

  /** The pipeline step (see the module's comment). */
  readonly step: Middleware = async (exchange, next) => {
    const sent: Sent = {
      method: exchange.method,
      url: exchange.url,
      headers: exchange.headers.filter(([name]) => !NOT_COPIED.has(name.toLowerCase())),
      body: exchange.payload instanceof Uint8Array ? exchange.payload : undefined,
      streamed: exchange.payload !== undefined && !(exchange.payload instanceof Uint8Array),
      test: currentTest(),
    };
    await next(exchange);
    if (exchange.response === undefined) return;
    try {
      await this.#compare(sent, exchange);
    } catch (error) {
      this.#record(sent, { notCompared: `the comparison failed: ${(error as Error).message}` });
    }
  };

  #record(sent: Sent, outcome: Partial<ParityRecord>): void {
    const record: ParityRecord = { method: sent.method, url: redactUrl(sent.url.href), differences: [], noiseChecked: false, ...(sent.test === undefined ? {} : { test: sent.test }), ...outcome };
    if (this.#settings.dir === undefined) this.#records.push(record);
    else recordParity(this.#settings.dir, record);
  }

  /** What this test app compared so far, summed up; undefined when its records go to the run's directory (`tandem test` sums them up). */
  summary(): ParitySummary | undefined {
    if (this.#settings.dir !== undefined) return undefined;
    const { candidate, noise } = this.#settings;
    return summarizeRecords(structuredClone(this.#records), { primary: this.#primary, candidate: shown(candidate), ...(noise ? { noise: shown(noise) } : {}) });
  }

  /** Sends `sent` to a side, its ids mapped to that side's; returns its answer and the URL it went to. */
  async #send(side: Side, sent: Sent): Promise<{ answer: ComparedResponse; url: URL }> {
    const app = await side.app;
    await app.ready();
    const mapped = side.ids.rewrite(sent.url);
    const url = new URL(`${mapped.pathname}${mapped.search}`, `${app.origin}/`);
    const spec: RequestSpec = {
      method: sent.method,
      path: `${mapped.pathname}${mapped.search}`,
      query: [],
      headers: sent.headers.map(([name, value]) => [name, value]),
      body: sent.body === undefined ? undefined : { kind: 'raw', value: sent.body, contentType: undefined },
      timeoutMs: undefined,
      maxRedirects: 0,
      statusChecks: [],
      checks: [],
      contract: { request: false, response: false },
      error: undefined,
    };
    // Every answer is compared, a 4xx or 5xx included; each redirect hop is compared on its own.
    const answer = await app.sendSpec(spec, { defaultStatus: false, lint: false, maxRedirects: 0 });
    return { answer, url };
  }

  /** The primary's answer again, for noise: the same request with the same cookies, straight to its target (neither recorded nor counted). */
  async #repeat(exchange: Exchange): Promise<ComparedResponse> {
    const response = await exchange.target.fetch(
      new Request(exchange.url, { method: exchange.method, headers: exchange.headers.filter(([name]) => !NOT_COPIED.has(name.toLowerCase())), redirect: 'manual', signal: AbortSignal.timeout(REPEAT_TIMEOUT_MS) }),
    );
    const body = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body };
  }

  async #compare(sent: Sent, exchange: Exchange): Promise<void> {
    const settings = this.#settings;
    const primary = exchange.response!;
    const safe = SAFE_METHODS.has(sent.method);
    if (sent.streamed) return this.#record(sent, { notCompared: 'its body is a stream, which cannot be sent twice' });
    this.#candidate ??= this.#side(settings.candidate);
    const candidate = this.#candidate;
    if (!safe && !settings.writes) {
      candidate.ids.learnOnlyPrimary(primary, sent.url, `${sent.method} ${sent.url.pathname}`);
      return this.#record(sent, { notCompared: `${sent.method} is sent to the candidate only with --compare-writes (compare: { writes: true })` });
    }
    const onlyPrimary = safe ? candidate.ids.onlyPrimary(sent.url) : undefined;
    const { answer, url } = await this.#send(candidate, sent);
    if (onlyPrimary !== undefined && (answer.status === 404 || answer.status === 410) && primary.status < 400) {
      return this.#record(sent, { notCompared: `it names a resource only the primary has (made by ${onlyPrimary})` });
    }
    if (!safe) candidate.ids.learn(primary, answer, sent.url);
    const options = (side: Side): DiffOptions => ({ ignoreHeaders: settings.ignoreHeaders, sameId: (a, b) => side.ids.same(a, b) });
    let noise: ComparedResponse | undefined;
    let noiseOptions: DiffOptions | undefined;
    if (settings.noise !== undefined && (safe || settings.writes)) {
      this.#noise ??= this.#side(settings.noise);
      const second = await this.#send(this.#noise, sent);
      if (!safe) this.#noise.ids.learn(primary, second.answer, sent.url);
      noise = second.answer;
      noiseOptions = options(this.#noise);
    } else if (settings.noise === undefined && safe) {
      noise = await this.#repeat(exchange);
      noiseOptions = { ignoreHeaders: settings.ignoreHeaders };
    }
    const differences = diffResponses(primary, answer, options(candidate));
    if (noise !== undefined) markNoise(differences, diffResponses(primary, noise, noiseOptions!));
    // The candidate's URL is shown when its path is another (an id mapped to the candidate's own).
    const mapped = `${url.pathname}${url.search}` !== `${sent.url.pathname}${sent.url.search}`;
    this.#record(sent, { differences, noiseChecked: noise !== undefined, ...(mapped ? { candidateUrl: redactUrl(url.href) } : {}) });
  }

  /** Removes what the tests created on the other targets (as the primary's ledger does on it). */
  async cleanup(scope: CleanupScope): Promise<void> {
    for (const side of [this.#candidate, this.#noise]) if (side) await (await side.app).cleanup(scope);
  }

  /** Closes the other targets' test apps (their ledgers clean up first). */
  async close(): Promise<void> {
    const sides = [this.#candidate, this.#noise];
    this.#candidate = this.#noise = undefined;
    for (const side of sides) if (side) await (await side.app).close();
  }

  /**
   * Without a run directory: rejects with a `ParityError` when something differs, or with
   * `reportOnly` writes the summary to stderr.
   */
  report(): void {
    const summary = this.summary();
    if (summary === undefined || summary.differences === 0) return;
    if (this.#settings.reportOnly) process.stderr.write(formatParity(summary));
    else throw new ParityError(formatParity(summary).trimEnd(), summary.differences);
  }
}
