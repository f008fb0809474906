import { formatFailure } from '../format/failure-message.js';
import type { RequestSummary, ResponseSummary, TargetInfo } from '../format/exchange.js';
import { scrubValue, secretsOfExchange } from '../format/redact.js';

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
  request: RequestSummary | undefined;
  response: ResponseSummary | undefined;
  target: TargetInfo | undefined;
  expected: unknown;
  actual: unknown;
  readonly #headline: string;
  readonly #details: string | undefined;

  constructor(headline: string, options: TandemErrorOptions = {}) {
    super(headline, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.#headline = headline;
    this.#details = options.details;
    this.request = options.request;
    this.response = options.response;
    this.target = options.target;
    // Test runners print these; a credential the app echoed back must not appear there either.
    const secrets = secretsOfExchange(options.request, options.response);
    if ('expected' in options) this.expected = scrubValue(options.expected, secrets);
    if ('actual' in options) this.actual = scrubValue(options.actual, secrets);
    this.message = this.#render();
  }

  /** Fills in the request, response and target where the error was raised without them. */
  withContext(context: FailureContext): this {
    this.request ??= context.request;
    this.response ??= context.response;
    this.target ??= context.target;
    this.message = this.#render();
    return this;
  }

  #render(): string {
    return formatFailure({
      headline: this.#headline,
      request: this.request,
      response: this.response,
      target: this.target,
      details: this.#details,
    });
  }
}
