/**
 * What the lint sees of one request on the server side: the app's calls on its own `res` (the
 * methods of that one instance are wrapped; no prototype is touched), checked as they happen.
 */
import type http from 'node:http';
import { appErrorFinding } from './app-error.js';
import { bodyNotAllowedFinding } from './body-not-allowed.js';
import { contentLengthFinding } from './content-length.js';
import { headerFinding, headersFinding } from './header.js';
import type { LintFinding } from './options.js';
import type { LintRule } from '../../errors/lint-error.js';

export interface Observation {
  readonly method: string;
  readonly rules: ReadonlySet<LintRule>;
  readonly res: http.ServerResponse;
  readonly findings: LintFinding[];
  /** The head was decided: `writeHead`, `write`, `end` or `flushHeaders` was called. */
  started: boolean;
  /** Body bytes the app tried to write (including any Node dropped). */
  bodyBytes: number;
  /** The client collected the findings; later ones cannot reach the request any more. */
  taken: boolean;
}

/** Where an observed request and response keep their observation: a property, not a WeakMap entry per request. */
const OBSERVED = Symbol('tandem.lint.observation');

type Method = (...args: unknown[]) => unknown;
type Wrapped = 'setHeader' | 'appendHeader' | 'setHeaders' | 'writeHead' | 'write' | 'end' | 'flushHeaders';

/** An observation as the wrappers need it: the response's own methods, and what was declared. */
interface Live extends Observation {
  readonly req: http.IncomingMessage;
  readonly originals: Record<Wrapped, Method>;
  declaredByWriteHead: unknown;
  checkedEnd: boolean;
}

type Observed = { [OBSERVED]?: Live };

/** The observation of `req`, if the lint observes it. */
export function observationOf(req: http.IncomingMessage): Observation | undefined {
  return (req as Observed)[OBSERVED];
}

/** Adds `finding` if its rule is on and has not fired for this request yet. */
export function record(observation: Observation, finding: LintFinding | undefined): void {
  if (!finding || !observation.rules.has(finding.rule)) return;
  if (observation.findings.some((f) => f.rule === finding.rule)) return;
  observation.findings.push(finding);
}

function byteLength(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string') return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}

function contentLengthIn(headers: unknown): unknown {
  if (!headers || typeof headers !== 'object') return undefined;
  if (Array.isArray(headers)) {
    const pairs = headers.every((entry) => Array.isArray(entry)) ? (headers as unknown[][]) : Array.from({ length: headers.length >> 1 }, (_, i) => [headers[2 * i], headers[2 * i + 1]]);
    return pairs.find(([name]) => String(name).toLowerCase() === 'content-length')?.[1];
  }
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === 'content-length') return value;
  return undefined;
}

function liveOf(res: unknown): Live {
  return (res as Observed)[OBSERVED]!;
}

function count(live: Live, chunk: unknown, encoding: unknown): void {
  if (live.res.writableEnded || typeof chunk === 'function') return;
  live.started = true;
  live.bodyBytes += byteLength(chunk, encoding);
}

// The wrappers: shared by every observed response (each finds its observation on `this`), so
// observing a request makes no function of its own.

function setHeader(this: http.ServerResponse, ...args: unknown[]): unknown {
  const live = liveOf(this);
  record(live, headerFinding(args[0], args[1]));
  return live.originals.setHeader.apply(this, args);
}

function appendHeader(this: http.ServerResponse, ...args: unknown[]): unknown {
  const live = liveOf(this);
  record(live, headerFinding(args[0], args[1]));
  return live.originals.appendHeader.apply(this, args);
}

function setHeaders(this: http.ServerResponse, ...args: unknown[]): unknown {
  const live = liveOf(this);
  record(live, headersFinding(args[0]));
  return live.originals.setHeaders.apply(this, args);
}

function writeHead(this: http.ServerResponse, ...args: unknown[]): unknown {
  const live = liveOf(this);
  live.started = true;
  const headers = typeof args[1] === 'string' ? args[2] : args[1];
  if (typeof args[1] === 'string' && !/^[\t\x20-\x7e]*$/.test(args[1])) {
    record(live, { rule: 'header', message: `the app set the status message ${JSON.stringify(args[1])}, which has control or non-ASCII characters` });
  }
  record(live, headersFinding(headers));
  live.declaredByWriteHead = contentLengthIn(headers) ?? live.declaredByWriteHead;
  return live.originals.writeHead.apply(this, args);
}

function flushHeaders(this: http.ServerResponse, ...args: unknown[]): unknown {
  const live = liveOf(this);
  live.started = true;
  return live.originals.flushHeaders.apply(this, args);
}

function write(this: http.ServerResponse, ...args: unknown[]): unknown {
  const live = liveOf(this);
  count(live, args[0], args[1]);
  return live.originals.write.apply(this, args);
}

function destroySocket(this: http.ServerResponse): void {
  liveOf(this).req.socket.destroy();
}

function end(this: http.ServerResponse, ...args: unknown[]): unknown {
  const live = liveOf(this);
  count(live, args[0], args[1]);
  const result = live.originals.end.apply(this, args);
  const res = live.res;
  if (live.checkedEnd || !res.writableEnded) return result;
  live.checkedEnd = true;
  const method = live.method;
  record(live, bodyNotAllowedFinding(method, res.statusCode, live.bodyBytes));
  const lengthFinding = contentLengthFinding(method, res.statusCode, live.declaredByWriteHead ?? res.getHeader('content-length'), live.bodyBytes);
  if (lengthFinding && live.rules.has('content-length')) {
    record(live, lengthFinding);
    // The client would wait for missing bytes, or misread extra ones: close the connection once sent.
    res.once('finish', destroySocket);
  }
  return result;
}

function onError(this: http.ServerResponse, error: unknown): void {
  const live = liveOf(this);
  if (this.listenerCount('error') > 1) return; // the app listens: it handles its own errors
  if (live.taken) {
    // Too late to fail the request: behave as an unhandled 'error' event would.
    process.nextTick(rethrow, error);
    return;
  }
  record(live, appErrorFinding(error, "made the response emit 'error' with no listener (it would crash a server)"));
}

function rethrow(error: unknown): never {
  throw error;
}

const WRAPPERS: ReadonlyArray<readonly [Wrapped, Method]> = [
  ['setHeader', setHeader],
  ['appendHeader', appendHeader],
  ['setHeaders', setHeaders],
  ['writeHead', writeHead],
  ['flushHeaders', flushHeaders],
  ['write', write],
  ['end', end],
];

/**
 * Starts observing the app's response to `req`: the methods of that one instance are replaced by
 * shared wrappers that call the instance's own methods (no prototype is touched).
 *
 * @example
 * server.prependListener('request', (req, res) => observeResponse(req, res, rules));
 */
export function observeResponse(req: http.IncomingMessage, res: http.ServerResponse, rules: ReadonlySet<LintRule>): Observation {
  const own = res as unknown as Record<Wrapped, Method>;
  const originals = { setHeader: own.setHeader, appendHeader: own.appendHeader, setHeaders: own.setHeaders, writeHead: own.writeHead, flushHeaders: own.flushHeaders, write: own.write, end: own.end };
  const live: Live = { method: req.method ?? 'GET', rules, res, findings: [], started: false, bodyBytes: 0, taken: false, req, originals, declaredByWriteHead: undefined, checkedEnd: false };
  (req as Observed)[OBSERVED] = live;
  (res as Observed)[OBSERVED] = live;
  const headerRule = rules.has('header');
  for (const [key, wrapper] of WRAPPERS) {
    if (typeof originals[key] !== 'function') continue;
    if (!headerRule && (key === 'setHeader' || key === 'appendHeader' || key === 'setHeaders')) continue;
    own[key] = wrapper;
  }
  if (rules.has('app-error')) res.on('error', onError);
  return live;
}

/**
 * Reports an error the app threw (or rejected with) after the response to `req` had ended, when
 * the lint observes `req` and its findings have not been collected yet. Returns false when it was
 * not reported, so the caller handles it as before.
 */
export function reportAppError(req: http.IncomingMessage, res: http.ServerResponse, error: unknown): boolean {
  const observation = observationOf(req);
  if (!observation || observation.taken || !observation.rules.has('app-error') || !res.writableEnded) return false;
  record(observation, appErrorFinding(error, 'threw after the response ended'));
  return true;
}
