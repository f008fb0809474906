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

const observations = new WeakMap<http.IncomingMessage, Observation>();

/** The observation of `req`, if the lint observes it. */
export function observationOf(req: http.IncomingMessage): Observation | undefined {
  return observations.get(req);
}

/** Adds `finding` if its rule is on and has not fired for this request yet. */
export function record(observation: Observation, finding: LintFinding | undefined): void {
  if (!finding || !observation.rules.has(finding.rule)) return;
  if (observation.findings.some((f) => f.rule === finding.rule)) return;
  observation.findings.push(finding);
}

type Method = (...args: unknown[]) => unknown;

/** Replaces `res[key]` on this instance by a call of the original between `before` and `after`. */
function wrap(res: http.ServerResponse, key: 'setHeader' | 'appendHeader' | 'setHeaders' | 'writeHead' | 'write' | 'end' | 'flushHeaders', before: (args: unknown[]) => void, after?: () => void): void {
  const original = (res as unknown as Record<string, unknown>)[key];
  if (typeof original !== 'function') return;
  (res as unknown as Record<string, Method>)[key] = function (this: unknown, ...args: unknown[]) {
    before(args);
    const result = (original as Method).apply(this, args);
    after?.();
    return result;
  };
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

/**
 * Starts observing the app's response to `req`.
 *
 * @example
 * server.prependListener('request', (req, res) => observeResponse(req, res, rules));
 */
export function observeResponse(req: http.IncomingMessage, res: http.ServerResponse, rules: ReadonlySet<LintRule>): Observation {
  const observation: Observation = { method: req.method ?? 'GET', rules, res, findings: [], started: false, bodyBytes: 0, taken: false };
  observations.set(req, observation);
  let declaredByWriteHead: unknown;
  let checkedEnd = false;

  if (rules.has('header')) {
    wrap(res, 'setHeader', ([name, value]) => record(observation, headerFinding(name, value)));
    wrap(res, 'appendHeader', ([name, value]) => record(observation, headerFinding(name, value)));
    wrap(res, 'setHeaders', ([headers]) => record(observation, headersFinding(headers)));
  }
  wrap(res, 'writeHead', (args) => {
    observation.started = true;
    const headers = typeof args[1] === 'string' ? args[2] : args[1];
    if (typeof args[1] === 'string' && !/^[\t\x20-\x7e]*$/.test(args[1])) {
      record(observation, { rule: 'header', message: `the app set the status message ${JSON.stringify(args[1])}, which has control or non-ASCII characters` });
    }
    record(observation, headersFinding(headers));
    declaredByWriteHead = contentLengthIn(headers) ?? declaredByWriteHead;
  });
  wrap(res, 'flushHeaders', () => {
    observation.started = true;
  });
  const count = (chunk: unknown, encoding: unknown) => {
    if (res.writableEnded || typeof chunk === 'function') return;
    observation.started = true;
    observation.bodyBytes += byteLength(chunk, encoding);
  };
  wrap(res, 'write', ([chunk, encoding]) => count(chunk, encoding));
  wrap(
    res,
    'end',
    ([chunk, encoding]) => count(chunk, encoding),
    () => {
      if (checkedEnd || !res.writableEnded) return;
      checkedEnd = true;
      const method = observation.method;
      record(observation, bodyNotAllowedFinding(method, res.statusCode, observation.bodyBytes));
      const lengthFinding = contentLengthFinding(method, res.statusCode, declaredByWriteHead ?? res.getHeader('content-length'), observation.bodyBytes);
      if (lengthFinding && rules.has('content-length')) {
        record(observation, lengthFinding);
        // The client would wait for missing bytes, or misread extra ones: close the connection once sent.
        res.once('finish', () => req.socket.destroy());
      }
    },
  );
  if (rules.has('app-error')) {
    res.on('error', function onError(error: unknown) {
      if (res.listenerCount('error') > 1) return; // the app listens: it handles its own errors
      if (observation.taken) {
        // Too late to fail the request: behave as an unhandled 'error' event would.
        process.nextTick(() => {
          throw error;
        });
        return;
      }
      record(observation, appErrorFinding(error, "made the response emit 'error' with no listener (it would crash a server)"));
    });
  }
  return observation;
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
