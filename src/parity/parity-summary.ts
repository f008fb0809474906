/** What a parity run found, as the CLI prints it and the run report shows it. */

/** Where a difference is: the status, a header, or a place in the body. */
export type DifferenceWhere = 'status' | 'header' | 'body';

/**
 * One field that differs between the primary's response and the candidate's: the status, a
 * header, a JSON path (`$.items[3].price`) or a text line (`line 4`).
 *
 * @example
 * const d: FieldDifference = { where: 'body', path: '$.price', kind: 'type', primary: '12', candidate: '"12"', noise: false };
 */
export interface FieldDifference {
  where: DifferenceWhere;
  /** `status`, the header's lower-case name, a JSON path, or `line <n>`. */
  path: string;
  /** `changed` (another value), `type` (another JSON type), `missing` (only the primary has it), `added` (only the candidate has it). */
  kind: 'changed' | 'type' | 'missing' | 'added';
  /** The primary's value as shown (JSON text for JSON values); undefined when it has none. */
  primary?: string | undefined;
  /** The candidate's value as shown; undefined when it has none. */
  candidate?: string | undefined;
  /** True when the noise comparison (the primary against itself) differs at the same place too. */
  noise: boolean;
}

/** One request of the suite, as compared. */
export interface ParityExchange {
  /** The test that sent it, when a runner integration named it. */
  test?: string;
  method: string;
  /** The primary's URL (credentials redacted). */
  url: string;
  /** The URL sent to the candidate, when ids were mapped to the candidate's own. */
  candidateUrl?: string;
  /** Why it was not compared (an unsafe method without `--compare-writes`, a resource only the primary has, a failure). */
  notCompared?: string;
  /** The fields that differ, noise included (marked). */
  differences: FieldDifference[];
}

/**
 * A parity run's totals and the exchanges that differ or were not compared.
 *
 * @example
 * if (summary.differences > 0) process.exitCode = 1;
 */
export interface ParitySummary {
  /** The primary target, as shown. */
  primary: string;
  /** The candidate target, as shown. */
  candidate: string;
  /** The second instance of the primary (`--noise`), or `undefined` when noise was learned by repeating safe requests on the primary. */
  noise?: string;
  /** Requests sent to both and compared. */
  compared: number;
  /** Requests not compared (see {@link ParityExchange.notCompared}). */
  notCompared: number;
  /** Fields that differ and are not noise. */
  differences: number;
  /** Fields that differ but differ between two answers of the primary too. */
  noiseFields: number;
  /** The exchanges with a difference, noise or a reason not to compare. */
  exchanges: ParityExchange[];
}
