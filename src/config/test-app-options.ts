/** Options of `createTestApp`. */
import type { LintOptions } from '../targets/lint/options.js';
import type { CleanupOptions } from '../ledger/cleanup-options.js';
import type { RecordOption } from '../recording/har-recorder.js';

/**
 * Options of `createTestApp`; a config file's options are defaults under these.
 *
 * @example
 * createTestApp(createApp, { headers: { 'x-api-key': process.env.API_KEY! }, timeout: 10_000, readOnly: true });
 */
export interface TestAppOptions {
  /**
   * Send requests to this deployment instead of the app: a URL, or the name of a target in the
   * config file. Takes precedence over `TANDEM_TARGET`; with a URL, no app code is loaded or run.
   * @default undefined (then `TANDEM_TARGET`, then the app given)
   * @example createTestApp(createApp, { target: 'https://staging.example.com' })
   */
  target?: string | URL | undefined;
  /**
   * How an in-process app is reached: `'in-process'` (no port at all) or `'loopback'` (the app
   * listens on one ephemeral 127.0.0.1 port for the life of the test app).
   * @default 'in-process'
   */
  transport?: 'in-process' | 'loopback';
  /**
   * Headers sent with every request; a request's own `.set()` replaces one of the same name.
   * @default {}
   * @example createTestApp(app, { headers: { 'x-api-key': process.env.API_KEY! } })
   */
  headers?: Record<string, string>;
  /**
   * Milliseconds a request may take, to the last byte of its response, before it fails with
   * `TimeoutError`. Applies in every mode: an in-process handler that never answers fails too.
   * @default 30000
   */
  timeout?: number;
  /**
   * The largest response body, in bytes, a request reads. A response whose body grows past it is
   * abandoned as soon as the running count passes the limit (it is never buffered in full) and the
   * request fails with `BodyTooLargeError` (`TANDEM_BODY_TOO_LARGE`). Applies in every mode.
   * @default 52428800 (50 MiB)
   * @example createTestApp(app, { maxBodyBytes: 1024 * 1024 })
   */
  maxBodyBytes?: number;
  /**
   * Certificate authorities (PEM) to trust for this target only, e.g. a staging CA. TLS
   * verification is always on; nothing process-wide is changed.
   * @default undefined (the system's CAs)
   */
  ca?: string | Buffer | Array<string | Buffer>;
  /**
   * The origin in-process requests are addressed to (what the app sees in `Host`). With `https:`
   * the app's socket is an encrypted one (`req.socket.encrypted`, Express `req.secure`), so
   * `Secure` cookies behave as behind TLS. An `https.Server` given as the app is always at `https:`.
   * @default 'http://localhost'
   */
  origin?: string;
  /**
   * Follow redirects automatically (`true`: up to 20 hops, or a number of hops), so checks apply
   * to the final response. Per request: `.followRedirects(max)`. Otherwise the test sees the 3xx
   * and may call `res.follow()`.
   * @default false
   */
  followRedirects?: boolean | number;
  /**
   * HTTP lint, in-process and over loopback (never against a remote target): fail a request with a
   * `LintError` when the app makes a protocol mistake that a deployment would expose. Rules:
   * `body-not-allowed` (a body written on 204, 304 or HEAD), `content-length` (not the body's
   * length), `header` (invalid name or value), `json-content-type` (a JSON object or array without
   * a JSON content type), `set-cookie` (an invalid attribute), `unended` (a response started but not
   * ended at the request's timeout), `app-error` (an unhandled `'error'` on the response, or a throw
   * after it ended). `false` turns lint off; an object turns single rules off.
   * @default true
   * @example createTestApp(app, { lint: false })
   * @example createTestApp(app, { lint: { 'json-content-type': false } })
   */
  lint?: boolean | LintOptions;
  /**
   * Record every exchange (each redirect hop included) to a HAR 1.2 file, openable in browser
   * devtools, with secrets redacted (credential headers, cookie values, the values of
   * `options.headers` and `options.secrets`, credential query parameters, and the values of
   * credential-like body fields, see `secretFields`). Written when the test
   * app closes, or at process exit if it never does. The processes of one run (`node --test` runs
   * each file in its own) add to the same file; a new run replaces it. `false` ignores `TANDEM_HAR`.
   * @default TANDEM_HAR (set by `tandem test --har <file>`), else no recording
   * @example createTestApp(app, { record: 'artifacts/api.har' })
   * @example createTestApp(app, { record: { har: 'artifacts/api.har' } })
   */
  record?: RecordOption | undefined;
  /**
   * Readiness of a remote target: before its first request (or in `api.ready()`), poll
   * `GET <target><path>` until it answers 2xx, at most `timeout` ms, and fail every request with
   * `NotReadyError` (`TANDEM_NOT_READY`, naming the URL and the last error or status) if it never
   * does. The check runs once per test app, with the test app's `headers` and `ca` (a ready path
   * behind authentication works; the header values are never shown). Ignored in-process and over
   * loopback.
   * @default undefined (no check: the first request goes out at once)
   * @example createTestApp(app, { ready: '/health' })
   * @example createTestApp(app, { ready: { path: '/ready', timeout: 60_000, interval: 500 } })
   */
  ready?: string | ReadyOptions | undefined;
  /**
   * The config file to read (`tandem.config.ts`, `.mts`, `.js`, `.mjs` or `.json`), or `false` to
   * read none. By default `TANDEM_CONFIG`, else the first config file found from the current
   * directory upward; its options are defaults that the ones given here override, and its
   * `targets` give names to `TANDEM_TARGET`.
   * @default TANDEM_CONFIG, else found from process.cwd() upward
   * @example createTestApp(app, { config: false })
   * @example createTestApp(undefined, { config: './test/tandem.config.json' })
   */
  config?: string | false | undefined;
  /**
   * The run's id: sent with every request (see `runHeader`), part of every `api.unique()` name,
   * and the name of the run file. Set it to the CI build number to find a run's data by it.
   * Letters, digits, `.`, `_` and `-`, at most 64.
   * @default TANDEM_RUN_ID, else a new id sortable by time, e.g. '20250314-153012-4f9a2c'
   * @example createTestApp(app, { runId: `ci-${process.env.BUILD_NUMBER}` })
   */
  runId?: string | undefined;
  /**
   * The header that carries the run id on every request, or `false` to send none.
   * @default 'X-Tandem-Run'
   */
  runHeader?: string | false | undefined;
  /**
   * The cleanup ledger: rules saying how to delete what requests create, whether the built-in
   * `201` + `Location` rule applies, and how many attempts a deletion gets.
   * @default { rules: [], auto: true, attempts: 3 }
   * @example createTestApp(app, { cleanup: { rules: [{ method: 'POST', path: '/orders', delete: '/orders/{json.id}' }] } })
   */
  cleanup?: CleanupOptions | undefined;
  /**
   * Where a remote target's run files (`<run id>.jsonl`, read by `tandem sweep`) are written.
   * @default TANDEM_LEDGER_DIR, else '.tandem/runs' under the working directory
   */
  ledgerDir?: string | undefined;
  /**
   * Refuse unsafe methods (POST, PUT, PATCH, DELETE, …) before anything is sent, with a
   * `ReadOnlyError`, except inside `allowWrites(...)`. `false` also overrides the guess below.
   * @default true when TANDEM_READ_ONLY is 1 or when a remote target's host has a `prod` or `production` label, else false
   * @example createTestApp(app, { readOnly: true })
   */
  readOnly?: boolean | undefined;
  /**
   * The only hosts a remote target's requests may go to (redirect hops and `api.fetch` included):
   * names, `host:port`, or `*.example.com`. Anything else fails with `HostNotAllowedError` before
   * it is sent. Not applied in-process or over loopback.
   * @default undefined (any host)
   * @example createTestApp(app, { allowHosts: ['localhost', '127.0.0.1', 'staging.example.com'] })
   */
  allowHosts?: string[] | undefined;
  /**
   * Values never to show: scrubbed from failure messages, curl lines, the leftovers table and run
   * files, like the credential headers and the values of `headers` are.
   * @default []
   * @example createTestApp(app, { secrets: [process.env.STAGING_PASSWORD!] })
   */
  secrets?: string[] | undefined;
  /**
   * Body fields whose values a HAR recording redacts, besides the credential-like names it always
   * redacts: names containing `passw`, `secret`, `token`, `api_key`/`apikey`, `authorization`,
   * `credential`, `private_key`, `csrf` or `xsrf`, and `pwd`, `pin`, `otp`, `auth`, `sid`,
   * `session_id`. Names are compared case-insensitively, in urlencoded and multipart forms and in
   * JSON (at any depth), in request and response bodies.
   * @default []
   * @example createTestApp(app, { record: 'run.har', secretFields: ['ssn', 'date_of_birth'] })
   */
  secretFields?: string[] | undefined;
  /**
   * An OpenAPI 3.0 or 3.1 document (a YAML or JSON file, relative to the working directory, a file
   * URL, or the document as an object) that every response is checked against, in every mode: the
   * path, method and status must be documented (`2XX` ranges and `default` count), and the content
   * type, body schema and required headers must match; a mismatch fails the request with
   * `ContractError` (`TANDEM_CONTRACT`). The document is read and checked on the first request;
   * an unusable one fails it with `OpenApiDocumentError`. Opt a request out with `.contract(false)`.
   * @default undefined (no OpenAPI checks)
   * @example createTestApp(app, { openapi: './openapi.yaml' })
   * @example createTestApp(app, { openapi: new URL('../openapi.yaml', import.meta.url) })
   */
  openapi?: string | URL | Record<string, unknown> | undefined;
  /**
   * With `openapi`, check the bodies of the requests tests send against the document too, before
   * they are sent (`readOnly` properties are refused), to catch tests that drifted from the
   * contract. A test of the app's own validation opts out with `.contract({ request: false })`.
   * @default false
   * @example createTestApp(app, { openapi: './openapi.yaml', validateRequests: true })
   */
  validateRequests?: boolean | undefined;
  /**
   * With `openapi`, where to record which operations and statuses requests exercised, for
   * `coverageReport()`: a directory that every process of the run appends to, `true` for
   * `TANDEM_COVERAGE_DIR` or else `.tandem/coverage/<run id>`, `false` for none.
   * @default TANDEM_COVERAGE_DIR when set, else recorded in memory only
   * @example createTestApp(app, { openapi: './openapi.yaml', coverage: '.tandem/coverage/ci' })
   */
  coverage?: boolean | string | undefined;
  /**
   * Parity: every request is also sent to another target, and what differs (status, headers,
   * bodies path by path, noise apart) is reported; the test's checks see only this target's
   * answers. A URL, a config target's name, `'local'` (the app in-process) or `'loopback'` (the
   * app on a port of its own), or {@link CompareOptions}; `false` turns off a comparison that
   * `tandem test --compare` or the config file asks for. Under `tandem test` the run's summary is
   * printed at its end; otherwise `api.close()` rejects with `ParityError` (`TANDEM_PARITY`) when
   * something differs (see docs/parity.md).
   * @default TANDEM_COMPARE (set by `tandem test --compare`), else no comparison
   * @example createTestApp(createApp, { target: 'https://staging.example.com', compare: 'local' })
   * @example createTestApp(createApp, { compare: { target: 'loopback', noise: 'local', writes: true } })
   */
  compare?: string | CompareOptions | false | undefined;
  /**
   * Where `TANDEM_TARGET` is read from.
   * @default process.env
   */
  env?: Record<string, string | undefined>;
}

/**
 * The long form of {@link TestAppOptions.compare}.
 *
 * @example
 * createTestApp(createApp, { target: 'staging', compare: { target: 'candidate', writes: true, ignoreHeaders: ['x-request-id'] } });
 */
export interface CompareOptions {
  /**
   * The candidate: a URL, a config target's name, `'local'` or `'loopback'`.
   * @example 'https://candidate.example.com'
   */
  target: string;
  /**
   * A second instance of this target, for noise (what differs between two answers of the same
   * version). Without it, each safe request (GET, HEAD, OPTIONS) is sent here a second time.
   * @default undefined
   */
  noise?: string | undefined;
  /**
   * Send unsafe methods (POST, PUT, PATCH, DELETE) to the candidate too; each target then has its
   * own cookie jar and cleanup ledger, and ids the candidate made are mapped to its own.
   * @default false
   */
  writes?: boolean | undefined;
  /**
   * Header names left out of the comparison, besides the default ones (`Date`, `Age`, `ETag`...).
   * @default []
   */
  ignoreHeaders?: string[] | undefined;
  /**
   * Report the differences without failing: `api.close()` writes the summary to stderr instead
   * of rejecting (and `tandem test` exits 0 for them).
   * @default false
   */
  reportOnly?: boolean | undefined;
}

/**
 * The long form of {@link TestAppOptions.ready}.
 *
 * @example
 * createTestApp(app, { ready: { path: '/ready', timeout: 60_000, interval: 500 } });
 */
export interface ReadyOptions {
  /**
   * The path polled, joined onto the target URL's own path.
   * @example '/health'
   */
  path: string;
  /**
   * Milliseconds to wait for a 2xx before giving up.
   * @default 30000
   */
  timeout?: number | undefined;
  /**
   * Milliseconds between attempts.
   * @default 250
   */
  interval?: number | undefined;
}
