import { fileURLToPath } from 'node:url';
import { inspect, type InspectOptionsStylized } from 'node:util';
import { formatFailure } from '../format/failure-message.js';
import type { RequestSummary, ResponseSummary, TargetInfo } from '../format/exchange.js';
import { scrubValue, secretsOfExchange } from '../format/redact.js';

/** tandem's own code (src/, or dist/ in the package): its frames are left out of an error's stack. */
const OWN_CODE = new URL('../', import.meta.url);
const OWN_PATHS = [fileURLToPath(OWN_CODE), OWN_CODE.href];
/** Frames captured: enough to reach the test through tandem's own frames and the runner's. */
const CAPTURED_FRAMES = 40;
const FRAME = /^\s+at /;

/**
 * The frames of `stack` outside tandem and Node's internals, so that the first one is the line of
 * the test that made the request (through the `await`s that led to the failure); all of them when
 * none is left.
 */
function userFrames(stack: string | undefined): string {
  const frames = (stack ?? '').split('\n').filter((line) => FRAME.test(line));
  const kept = frames.filter((line) => !OWN_PATHS.some((path) => line.includes(path)) && !/[( ]node:/.test(line));
  return (kept.length > 0 ? kept : frames).join('\n');
}

/** What a failure knows about the exchange it happened in. */
export interface FailureContext {
  request?: RequestSummary | undefined;
  response?: ResponseSummary | undefined;
  target?: TargetInfo | undefined;
}

export interface TandemErrorOptions extends FailureContext {
  cause?: unknown;
  /** The expected value, for test runners that render their own diff. */
  expected?: unknown;
  /** The actual value, for test runners that render their own diff. */
  actual?: unknown;
  /** Extra lines shown in the message after the response (a diff, a hint). */
  details?: string | undefined;
}

/**
 * The base of every error tandem throws. Each subclass has a stable `code`; every instance carries
 * the `request`, `response` (when one arrived) and `target` it concerns, with secrets redacted.
 *
 * @example
 * try {
 *   await api.get('/missing');
 * } catch (error) {
 *   if (error instanceof TandemError) console.log(error.code); // 'TANDEM_UNEXPECTED_STATUS'
 * }
 */
export abstract class TandemError extends Error {
  /** A stable identifier of the kind of failure, e.g. `TANDEM_TIMEOUT`. */
  abstract readonly code: string;
  // Not enumerable (see the constructor): inspected or serialized by a test runner, an error shows
  // its message, not a dump of the exchange (raw body bytes, a Headers object printed as `{}`).
  /** The request, secrets redacted. */
  declare request: RequestSummary | undefined;
  /** The response, when one arrived. */
  declare response: ResponseSummary | undefined;
  /** The target the request went to. */
  declare target: TargetInfo | undefined;
  /** What was expected, for code that inspects the failure (the message shows the diff). */
  declare expected: unknown;
  /** What came, for code that inspects the failure (the message shows the diff). */
  declare actual: unknown;
  readonly #headline: string;
  readonly #details: string | undefined;
  /** The stack's frames (see {@link userFrames}); `stack` is the message and these. */
  readonly #frames: string;

  constructor(headline: string, options: TandemErrorOptions = {}) {
    super(headline, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = CAPTURED_FRAMES;
    Error.captureStackTrace(this, new.target);
    Error.stackTraceLimit = limit;
    this.#frames = userFrames(this.stack);
    this.#headline = headline;
    this.#details = options.details;
    // A credential the app echoed back must not appear in expected/actual either.
    const secrets = secretsOfExchange(options.request, options.response);
    const hidden = (value: unknown): PropertyDescriptor => ({ value, writable: true, enumerable: false, configurable: true });
    Object.defineProperties(this, {
      request: hidden(options.request),
      response: hidden(options.response),
      target: hidden(options.target),
      expected: hidden('expected' in options ? scrubValue(options.expected, secrets) : undefined),
      actual: hidden('actual' in options ? scrubValue(options.actual, secrets) : undefined),
    });
    this.#render();
  }

  /**
   * False: the message already holds tandem's diff, so test runners that draw their own from
   * `actual` and `expected` (Vitest, Mocha) do not print a second one.
   */
  get showDiff(): boolean {
    return false;
  }

  /** What a runner that serializes errors (Vitest) shows: the message, the stack and the code, no raw exchange. */
  toJSON(): { name: string; code: string; message: string; stack: string | undefined } {
    return { name: this.name, code: this.code, message: this.message, stack: this.stack };
  }

  /** How `console.log(error)` and node:test show it: the stack (the whole message, then the test's frames) and the code. */
  [inspect.custom](_depth: number, options: InspectOptionsStylized, show: typeof inspect): string {
    const code = options.stylize(`'${this.code}'`, 'string');
    const cause = this.cause === undefined ? '' : `\n  [cause]: ${show(this.cause, options).split('\n').join('\n  ')}`;
    return `${this.stack ?? this.message} {\n  code: ${code}${cause}\n}`;
  }

  /**
   * False for a request that was refused before it was sent (a read-only target, a host not
   * allowed): its message then shows no command that would send it.
   */
  protected get reproducible(): boolean {
    return true;
  }

  /** Fills in the request, response and target where the error was raised without them. */
  withContext(context: FailureContext): this {
    this.request ??= context.request;
    this.response ??= context.response;
    this.target ??= context.target;
    this.#render();
    return this;
  }

  /** Sets the message from the headline and the context, and the stack from the message and the frames. */
  #render(): void {
    this.message = formatFailure({
      headline: this.#headline,
      request: this.request,
      response: this.response,
      target: this.target,
      details: this.#details,
      reproducible: this.reproducible,
    });
    this.stack = `${this.name}: ${this.message}\n${this.#frames}`;
  }
}
