/**
 * One test app per app object (or URL) for the whole suite, as supertest users expect one server
 * per app: `request(app)` in every test reuses it, and nothing listens on a port. When the event
 * loop has nothing left to do, every test app is closed (the cleanup ledger runs, the HAR file is
 * written), so a suite exits by itself, without mocha's `--exit` or Jest's `--forceExit`.
 */
import { createTestApp } from '../client/create-test-app.js';
import type { TestApp } from '../client/test-app.js';
import type { TestAppOptions } from '../config/test-app-options.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import type { AppInput } from '../targets/classify-app.js';
import type { LintOptions } from '../targets/lint/options.js';
import type { SendOverrides } from '../pipeline/pipeline.js';
import { resolveRunId } from '../ledger/run-id.js';
import { findConfigFile } from '../config/config-file.js';

/** The second argument of `request(app, options)` and `request.agent(app, options)`. */
export interface SupertestOptions {
  /** supertest's HTTP/2 switch: not supported (tandem speaks HTTP/1.1 to the app); `true` is refused. */
  http2?: boolean;
  /**
   * tandem's HTTP lint (off by default here, as supertest has none): `true` or rules to turn on.
   * @default false
   */
  lint?: boolean | LintOptions;
  /**
   * How the app is reached: in-process without a port, or `'loopback'` (one 127.0.0.1 port for
   * the whole suite) for apps that need a real socket. A listening port keeps the process alive:
   * with loopback, end the suite with `request.close()` (or mocha's `--exit`).
   * @default 'in-process'
   */
  transport?: 'in-process' | 'loopback';
}

/** Test apps by app object, then by options; a closed one (after 'beforeExit') is replaced on next use. */
const byObject = new WeakMap<object, Map<string, TestApp>>();
const byUrl = new Map<string, TestApp>();
const open = new Set<TestApp>();
let closingAtExit = false;
/**
 * One run for the whole suite, whatever number of apps it makes (`TANDEM_RUN_ID`, else a new id),
 * and one config file, looked up once (`TANDEM_CONFIG`, else found upward; `false` for none).
 */
let shared: { runId: string; config: string | false } | undefined;

/** supertest takes any function for a request listener, so one declaring no parameters is wrapped, not called as a factory. */
function asInput(app: unknown): AppInput {
  if (typeof app === 'function' && app.length === 0 && !('handle' in app)) {
    const listener = app as (...args: unknown[]) => unknown;
    return (req: unknown, res: unknown) => listener(req, res);
  }
  return app as AppInput;
}

/**
 * Closes every test app the suite made (they are made again on next use). Called by itself when
 * nothing else keeps the process alive; call it from an `after` hook with `transport: 'loopback'`,
 * whose listening port would keep the process alive until then.
 *
 * @example
 * after(() => closeAll());
 */
export async function closeAll(): Promise<void> {
  const apps = [...open];
  open.clear();
  byUrl.clear();
  // Together: each one's closing waits on its own connections and servers, not on the others'.
  await Promise.all(
    apps.map((api) =>
      api.close().catch((error: unknown) => {
        process.exitCode = 1;
        console.error(error instanceof Error ? error.message : String(error));
      }),
    ),
  );
}

function remember(api: TestApp): TestApp {
  open.add(api);
  if (!closingAtExit) {
    closingAtExit = true;
    // 'beforeExit' comes when nothing else keeps the loop alive: after the last test.
    process.on('beforeExit', () => void closeAll());
  }
  return api;
}

/**
 * supertest's defaults for every request of `request(app, options)`: no default status rule, no
 * automatic redirects (the layer follows them by superagent's rules), HTTP lint only when opted
 * in, and cookies only for agents.
 *
 * @example
 * new Test(api, 'GET', '/', sendOverrides({}, false));
 */
export function sendOverrides(options: SupertestOptions | undefined, cookies: boolean): SendOverrides {
  return { defaultStatus: false, maxRedirects: 0, lint: options?.lint !== undefined && options.lint !== false, cookies };
}

/**
 * The suite-wide test app for `app` (an app object, a listener, a server, or a URL).
 *
 * @example
 * const api = testAppFor(expressApp, {});
 * testAppFor(expressApp, {}) === api; // true
 */
export function testAppFor(app: unknown, options: SupertestOptions = {}): TestApp {
  if (options.http2) throw new InvalidRequestError('request(app, { http2: true }): tandem/supertest talks HTTP/1.1 to the app; HTTP/2 is not supported');
  const key = JSON.stringify([options.lint ?? false, options.transport ?? 'in-process']);
  shared ??= { runId: resolveRunId(undefined, process.env), config: findConfigFile() ?? false };
  const testAppOptions: TestAppOptions = { ...shared, ...(options.lint === undefined ? {} : { lint: options.lint }), ...(options.transport ? { transport: options.transport } : {}) };
  if (typeof app === 'string' || app instanceof URL) {
    const url = String(app);
    const known = byUrl.get(`${key} ${url}`);
    if (known && open.has(known)) return known;
    const api = remember(createTestApp(url, testAppOptions));
    byUrl.set(`${key} ${url}`, api);
    return api;
  }
  if ((typeof app !== 'object' && typeof app !== 'function') || app === null) return createTestApp(app as AppInput, testAppOptions); // fails naming what was given
  let forApp = byObject.get(app);
  if (!forApp) byObject.set(app, (forApp = new Map()));
  let api = forApp.get(key);
  if (!api || !open.has(api)) forApp.set(key, (api = remember(createTestApp(asInput(app), testAppOptions))));
  return api;
}
