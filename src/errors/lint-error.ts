import { TandemError, type TandemErrorOptions } from './tandem-error.js';

/** The HTTP lint rules, each reported with its own stable code (see {@link LINT_CODES}). */
export type LintRule = 'body-not-allowed' | 'content-length' | 'header' | 'json-content-type' | 'set-cookie' | 'unended' | 'app-error';

/** The stable `code` of each lint rule. */
export const LINT_CODES = {
  'body-not-allowed': 'TANDEM_LINT_BODY_NOT_ALLOWED',
  'content-length': 'TANDEM_LINT_CONTENT_LENGTH',
  header: 'TANDEM_LINT_HEADER',
  'json-content-type': 'TANDEM_LINT_JSON_CONTENT_TYPE',
  'set-cookie': 'TANDEM_LINT_SET_COOKIE',
  unended: 'TANDEM_LINT_UNENDED',
  'app-error': 'TANDEM_LINT_APP_ERROR',
} as const satisfies Record<LintRule, string>;

/** One of the codes in {@link LINT_CODES}. */
export type LintCode = (typeof LINT_CODES)[LintRule];

export interface LintErrorOptions extends TandemErrorOptions {
  /** Every finding of the exchange, this one first. */
  findings?: ReadonlyArray<{ readonly rule: LintRule; readonly message: string }>;
}

/**
 * The app made a protocol mistake that a deployment would expose (HTTP lint, in-process and
 * loopback only). `rule` says which; `code` is the rule's stable code, e.g. `TANDEM_LINT_HEADER`.
 *
 * @example
 * await assert.rejects(api.get('/no-content-with-body'), { code: 'TANDEM_LINT_BODY_NOT_ALLOWED', rule: 'body-not-allowed' });
 */
export class LintError extends TandemError {
  readonly code: LintCode;
  /** The rule that found the mistake. */
  readonly rule: LintRule;
  /** Every finding of the exchange, this one first. */
  readonly findings: ReadonlyArray<{ readonly rule: LintRule; readonly message: string }>;

  constructor(rule: LintRule, headline: string, options: LintErrorOptions = {}) {
    super(headline, options);
    this.rule = rule;
    this.code = LINT_CODES[rule];
    this.findings = options.findings ?? [{ rule, message: headline }];
  }
}
