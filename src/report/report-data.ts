/**
 * The data of a run report: what the run recorded (its HAR entries, with the test each request
 * belongs to; the tests' outcomes; the counts; the API coverage; the parity comparison), written
 * as JSON beside the HTML so that the reports of several shards can be merged.
 */
import { readFileSync } from 'node:fs';
import type { CoverageReport } from '../contracts/coverage/report.js';
import type { HarEntry } from '../recording/har.js';
import type { ParitySummary } from '../parity/parity-summary.js';
import type { TestOutcome } from './test-outcomes.js';

/** The format's version, in every data file (`tandemReport`). */
export const REPORT_FORMAT = 1;

/** One run (one shard) that the report covers. */
export interface ReportRun {
  runId: string;
  /** The target as shown (a config name and its URL, password redacted; `app` in-process). */
  target: string;
  mode: string;
  /** `i/n`, with `--shard`. */
  shard?: string;
  /** The candidate compared with the target, with `--compare`. */
  compare?: string;
  command: string;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  exitCode: number;
}

/** What the runs counted. */
export interface ReportCounts {
  tests: number;
  requests: number;
  leftovers: number;
}

/** The API coverage, as `coverageReport()` computes it (without its printed table). */
export type ReportCoverage = Omit<CoverageReport, 'table' | 'jsonPath'>;

/**
 * Everything a report shows.
 *
 * @example
 * const data: ReportData = { tandemReport: 1, runs: [], counts: { tests: 0, requests: 0, leftovers: 0 }, tests: [], entries: [] };
 */
export interface ReportData {
  tandemReport: typeof REPORT_FORMAT;
  runs: ReportRun[];
  counts: ReportCounts;
  /** Each test that ended, in the order the processes recorded them. */
  tests: TestOutcome[];
  /** Every recorded exchange, with `_test` naming its test, secrets redacted. */
  entries: HarEntry[];
  coverage?: ReportCoverage;
  parity?: ParitySummary;
}

/**
 * Whether `value` is report data (a JSON file `tandem test --report` wrote).
 *
 * @example
 * isReportData(JSON.parse(text)); // true for a report's .json
 */
export function isReportData(value: unknown): value is ReportData {
  if (typeof value !== 'object' || value === null) return false;
  const data = value as Partial<ReportData>;
  return data.tandemReport === REPORT_FORMAT && Array.isArray(data.runs) && Array.isArray(data.tests) && Array.isArray(data.entries) && typeof data.counts === 'object';
}

/**
 * Reads a report's data file; undefined when the file is JSON of another kind. Throws when it
 * cannot be read or parsed.
 *
 * @example
 * const data = readReportData('shard-1/report.json');
 */
export function readReportData(path: string): ReportData | undefined {
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return isReportData(value) ? value : undefined;
}
