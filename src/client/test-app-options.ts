/** Options of `createTestApp`. */
import type { LintOptions } from '../targets/lint/options.js';

export interface TestAppOptions {
  /**
   * Send requests to this deployment instead of the app. Takes precedence over `TANDEM_TARGET`;
   * with a URL, no app code is loaded or run.
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
   * The origin in-process requests are addressed to (what the app sees in `Host`).
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
   * Where `TANDEM_TARGET` is read from.
   * @default process.env
   */
  env?: Record<string, string | undefined>;
}
