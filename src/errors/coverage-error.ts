import { TandemError, type TandemErrorOptions } from './tandem-error.js';

export interface CoverageErrorOptions<R> extends TandemErrorOptions {
  /** The coverage report that fell short. */
  report: R;
}

/**
 * Fewer of the OpenAPI document's responses were exercised than `coverageReport({ threshold })`
 * asked for. The message holds the coverage table; `report` the data.
 *
 * @example
 * assert.throws(() => coverageReport({ openapi: './openapi.yaml', dir, threshold: 100 }), { code: 'TANDEM_COVERAGE' });
 */
export class CoverageError<R = unknown> extends TandemError {
  readonly code = 'TANDEM_COVERAGE';
  /** The coverage report that fell short. */
  readonly report: R;

  constructor(headline: string, options: CoverageErrorOptions<R>) {
    super(headline, options);
    this.report = options.report;
  }
}
