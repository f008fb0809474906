/** The report of one `tandem test` run, from what the run recorded. */
import type { RunStats } from '../run/run-stats.js';
import type { ParitySummary } from '../parity/parity-summary.js';
import { harEntries } from './har-entries.js';
import { REPORT_FORMAT, type ReportCoverage, type ReportData, type ReportRun } from './report-data.js';
import { readTestOutcomes } from './test-outcomes.js';

/** What a run leaves for its report. */
export interface RunRecords {
  run: ReportRun;
  /** The run's HAR file (entries of another run in it are not this run's). */
  har: string;
  /** The run's id as its HAR file names it (`id:<run id>`). */
  harRun: string;
  /** `TANDEM_REPORT_DIR`: the tests' outcomes. */
  outcomesDir: string;
  counts: RunStats;
  coverage?: ReportCoverage | undefined;
  parity?: ParitySummary | undefined;
}

/**
 * Gathers the report's data of one run: its exchanges from the HAR file, its tests' outcomes, its
 * counts, coverage and parity results.
 *
 * @example
 * const data = runReport({ run, har, harRun: `id:${runId}`, outcomesDir, counts: sumRunStats(statsDir) });
 * writeReport(data, 'report.html');
 */
export function runReport(records: RunRecords): ReportData {
  const { tests, requests, leftovers } = records.counts;
  const data: ReportData = {
    tandemReport: REPORT_FORMAT,
    runs: [records.run],
    counts: { tests, requests, leftovers },
    tests: readTestOutcomes(records.outcomesDir),
    entries: harEntries(records.har, records.harRun),
  };
  if (records.coverage) {
    // Only the data: the printed table is made again from it.
    const { table: _table, jsonPath: _jsonPath, ...coverage } = records.coverage as ReportCoverage & { table?: string; jsonPath?: string };
    data.coverage = coverage;
  }
  if (records.parity) data.parity = records.parity;
  return data;
}
