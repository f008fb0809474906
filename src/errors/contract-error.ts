import { scrubValue, secretsOfExchange } from '../format/redact.js';
import { TandemError, type FailureContext, type TandemErrorOptions } from './tandem-error.js';

/**
 * One way a response (or a request body) departs from its schema or OpenAPI document.
 *
 * @example
 * const violation: ContractViolation = { path: '$.items[2].title', message: 'must be string', value: '42' };
 */
export interface ContractViolation {
  /**
   * Where: a JSON path into the body (`$`, `$.items[2].title`), or a part of the exchange
   * (`status`, `content-type`, `header Location`, `body`).
   */
  readonly path: string;
  /** What is wrong, e.g. `must be string`. */
  readonly message: string;
  /** The offending value, as JSON, cut short (absent when the value is missing). */
  readonly value?: string | undefined;
}

/**
 * What `ContractError` is made from.
 *
 * @example
 * new ContractError('the JSON body does not match the JSON Schema (1 violation)', { violations: [{ path: '$.id', message: 'must be string', value: '7' }] });
 */
export interface ContractErrorOptions extends TandemErrorOptions {
  /** Every violation found, in document order. */
  violations: readonly ContractViolation[];
  /** The OpenAPI operation concerned, e.g. `GET /notes/{id}`, when there is one. */
  operation?: string | undefined;
}

/** Violations listed in a failure message before the rest are only counted. */
const LISTED = 50;

/** The violations as lines: `$.items[2].title: must be string, got 42`. */
function formatViolations(violations: readonly ContractViolation[]): string {
  const lines = violations.slice(0, LISTED).map((v) => `${v.path}: ${v.message}${v.value === undefined ? '' : `, got ${v.value}`}`);
  if (violations.length > LISTED) lines.push(`… and ${violations.length - LISTED} more`);
  return lines.join('\n');
}

/**
 * A response did not match the schema given to `.expectSchema()`, or an exchange did not match
 * the OpenAPI document given as `openapi` (an undocumented path, method or status, a content type,
 * a body or a header it does not allow). `violations` lists each one with its JSON path and the
 * offending value; the message lists them too.
 *
 * @example
 * await assert.rejects(api.get('/notes/1').expectSchema(NoteSchema), (error: ContractError) => {
 *   assert.equal(error.code, 'TANDEM_CONTRACT');
 *   assert.equal(error.violations[0]?.path, '$.title');
 *   return true;
 * });
 */
export class ContractError extends TandemError {
  readonly code = 'TANDEM_CONTRACT';
  /** Every violation found. */
  readonly violations: readonly ContractViolation[];
  /** The OpenAPI operation concerned, e.g. `GET /notes/{id}`, when there is one. */
  readonly operation: string | undefined;

  constructor(headline: string, options: ContractErrorOptions) {
    const listed = formatViolations(options.violations);
    super(headline, { ...options, details: [listed, options.details].filter(Boolean).join('\n\n') || undefined });
    this.violations = scrubViolations(options.violations, this);
    this.operation = options.operation;
  }

  /** Adds the exchange's context, and scrubs the secrets it names from the violations too. */
  override withContext(context: FailureContext): this {
    super.withContext(context);
    (this as { violations: readonly ContractViolation[] }).violations = scrubViolations(this.violations, this);
    return this;
  }
}

/**
 * The violations with the exchange's secrets scrubbed from their values: test runners print an
 * error's properties, and a value may be a credential the app echoed back.
 */
function scrubViolations(violations: readonly ContractViolation[], context: FailureContext): readonly ContractViolation[] {
  const secrets = secretsOfExchange(context.request, context.response);
  return secrets.length === 0 ? violations : (scrubValue(violations.map((v) => ({ ...v })), secrets) as ContractViolation[]);
}
