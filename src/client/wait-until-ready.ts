/** Polls a deployment's health path until it answers 2xx, within a bounded time. */
import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Agent } from 'undici';
import { undici } from '../targets/undici.js';
import { BadTargetError } from '../errors/bad-target-error.js';
import { NotReadyError } from '../errors/not-ready-error.js';
import { redactUrl } from '../format/redact.js';

/** What one readiness attempt saw: a status, or the error that prevented one. */
export interface ReadinessAttempt {
  /** 1 for the first request. */
  attempt: number;
  /** The URL polled (password redacted). */
  url: string;
  /** The response status, when a response arrived. */
  status?: number;
  /** The error, when no response arrived. */
  error?: unknown;
  /** A short description of the outcome: `200`, `503 Service Unavailable`, `ECONNREFUSED`. */
  outcome: string;
  /** Milliseconds since polling started. */
  elapsedMs: number;
  /** Whether this attempt succeeded (a 2xx). */
  ready: boolean;
}

export interface WaitUntilReadyOptions {
  /**
   * The path polled, joined onto the URL's own path.
   * @default '/health'
   */
  path?: string;
  /**
   * Give up after this many milliseconds.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Milliseconds between the end of one attempt and the start of the next.
   * @default 250
   */
  intervalMs?: number;
  /** Called after every attempt, e.g. to show progress. */
  onAttempt?: (attempt: ReadinessAttempt) => void;
  /**
   * Headers sent with every attempt, e.g. the target's credentials when its ready path needs them
   * (never printed).
   * @default {}
   */
  headers?: Record<string, string> | undefined;
  /**
   * Certificate authorities (PEM) to trust for this URL only, as the test app's `ca` option.
   * @default undefined (the system's CAs)
   */
  ca?: string | Buffer | Array<string | Buffer> | undefined;
}

/** What a single readiness request needs: where, with which connection pool, and its headers. */
export interface ReadinessRequest {
  url: URL;
  agent: Agent;
  headers: Record<string, string>;
}

/**
 * The connection pool readiness requests go through (short keep-alive, the given CAs); destroy
 * it when done.
 *
 * @example
 * const agent = readinessAgent(undefined);
 * await agent.destroy();
 */
export function readinessAgent(ca: WaitUntilReadyOptions['ca']): Agent {
  return new (undici().Agent)({ keepAliveTimeout: 1_000, pipelining: 1, ...(ca === undefined ? {} : { connect: { ca } }) });
}

/**
 * Sends one readiness `GET`, bounded by `budgetMs`, and returns its status and reason phrase; a
 * network error or the timeout rejects.
 *
 * @example
 * const agent = readinessAgent(undefined);
 * const { status } = await attemptReadiness({ url: new URL('http://127.0.0.1:3000/health'), agent, headers: {} }, 5000);
 */
export async function attemptReadiness(readiness: ReadinessRequest, budgetMs: number): Promise<{ status: number; statusText: string }> {
  const response = await undici().request(readiness.url, {
    method: 'GET',
    dispatcher: readiness.agent,
    headersTimeout: budgetMs,
    bodyTimeout: budgetMs,
    signal: AbortSignal.timeout(budgetMs),
    headers: { accept: '*/*', 'user-agent': 'tandem', ...readiness.headers },
  });
  await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
  return { status: response.statusCode, statusText: STATUS_CODES[response.statusCode] ?? '' };
}

/** What `waitUntilReady` polls, and for how long, when not told otherwise. */
export const READINESS_DEFAULTS = { path: '/health', timeoutMs: 30_000, intervalMs: 250 } as const;

/** The longest a single attempt may take; the overall deadline shortens it further. */
const ATTEMPT_TIMEOUT_MS = 5_000;
/** No new attempt starts with less time than this left: it could only time out. */
const MIN_ATTEMPT_MS = 20;

/** Joins `path` onto `base`, keeping a path prefix on the base (`https://host/api` + `/health`). */
export function readinessUrl(base: string | URL, path: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    throw new BadTargetError(`not a URL: ${redactUrl(String(base))}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new BadTargetError(`not an http(s) URL: ${redactUrl(parsed.href)}`);
  }
  const prefix = parsed.pathname.replace(/\/+$/, '');
  const suffix = path === '' ? '' : path.startsWith('/') ? path : `/${path}`;
  const [pathname = '', search] = suffix.split('?', 2);
  parsed.pathname = prefix + pathname;
  parsed.search = search === undefined ? '' : `?${search}`;
  parsed.hash = '';
  return parsed;
}

/** A short name for a failed attempt's error: its code (`ECONNREFUSED`) or its message. */
export function describeAttemptError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    return error.message || error.name;
  }
  return String(error);
}

function detailOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '' && !error.message.includes(code)) return `${code}: ${error.message}`;
  return error.message || describeAttemptError(error);
}

/**
 * Waits until `GET <url><path>` answers with a 2xx status, polling every `intervalMs`, and gives up
 * after `timeoutMs` with a `NotReadyError` (`TANDEM_NOT_READY`) that names the URL and shows the
 * last error or status. Each attempt is bounded by the time left; the connections it opens are
 * closed before it returns or throws.
 *
 * @example
 * import { before } from 'node:test';
 * import { waitUntilReady } from 'tandem';
 *
 * before(async () => {
 *   if (process.env.TANDEM_TARGET) await waitUntilReady(process.env.TANDEM_TARGET, { path: '/health', timeoutMs: 60_000 });
 * });
 */
export async function waitUntilReady(url: string | URL, options: WaitUntilReadyOptions = {}): Promise<void> {
  const { path = READINESS_DEFAULTS.path, timeoutMs = READINESS_DEFAULTS.timeoutMs, intervalMs = READINESS_DEFAULTS.intervalMs, onAttempt } = options;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new RangeError(`timeoutMs must be a non-negative number, got ${timeoutMs}`);
  if (!Number.isFinite(intervalMs) || intervalMs < 0) throw new RangeError(`intervalMs must be a non-negative number, got ${intervalMs}`);
  const target = readinessUrl(url, path);
  const shown = redactUrl(target.href);
  const started = Date.now();
  const deadline = started + timeoutMs;
  const agent = readinessAgent(options.ca);
  const attempt: ReadinessRequest = { url: target, agent, headers: options.headers ?? {} };
  let attempts = 0;
  let lastStatus: number | undefined;
  let lastStatusText = '';
  let lastError: unknown;
  try {
    for (;;) {
      attempts += 1;
      const budget = Math.max(1, Math.min(ATTEMPT_TIMEOUT_MS, deadline - Date.now()));
      let report: ReadinessAttempt;
      try {
        ({ status: lastStatus, statusText: lastStatusText } = await attemptReadiness(attempt, budget));
        lastError = undefined;
        const ready = lastStatus >= 200 && lastStatus < 300;
        report = { attempt: attempts, url: shown, status: lastStatus, outcome: `${lastStatus}${lastStatusText ? ` ${lastStatusText}` : ''}`, elapsedMs: Date.now() - started, ready };
      } catch (error) {
        // An attempt cut short by the overall deadline says less than the outcome before it.
        const cutShort = budget < ATTEMPT_TIMEOUT_MS && Date.now() >= deadline && attempts > 1;
        if (!cutShort) {
          lastError = error;
          lastStatus = undefined;
        }
        report = { attempt: attempts, url: shown, error, outcome: describeAttemptError(error), elapsedMs: Date.now() - started, ready: false };
      }
      onAttempt?.(report);
      if (report.ready) return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      await sleep(Math.min(intervalMs, remaining));
      if (deadline - Date.now() < MIN_ATTEMPT_MS) break;
    }
  } finally {
    await agent.destroy().catch(() => undefined);
  }
  const last =
    lastStatus !== undefined
      ? `last status: ${lastStatus}${lastStatusText ? ` ${lastStatusText}` : ''}`
      : `last error: ${detailOf(lastError)}`;
  const error = new NotReadyError(`${shown} was not ready within ${timeoutMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'}, ${last})`, {
    cause: lastError,
  });
  error.url = shown;
  error.attempts = attempts;
  error.lastStatus = lastStatus;
  error.lastError = lastError;
  throw error;
}
