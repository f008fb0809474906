import { TandemError } from './tandem-error.js';

/**
 * A run report could not be written or merged: an input that is neither a report's data, a HAR
 * file nor a coverage report, shards checked against different OpenAPI documents, nothing found
 * to merge. The message names the file.
 *
 * @example
 * // tandem report merge empty-dir/ -o report.html
 * // → ReportError (TANDEM_REPORT): nothing to merge in empty-dir/: no report data (*.json), HAR file or coverage.json
 */
export class ReportError extends TandemError {
  readonly code = 'TANDEM_REPORT';
}
