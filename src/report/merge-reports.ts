/**
 * Merging what the shards of a run wrote — their reports' data, or, for a shard run without
 * `--report`, its HAR files and coverage.json — into the data of one report.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ReportError } from '../errors/report-error.js';
import type { HarEntry } from '../recording/har.js';
import type { ParitySummary } from '../parity/parity-summary.js';
import { harEntries } from './har-entries.js';
import { mergeCoverage } from './merge-coverage.js';
import { isReportData, REPORT_FORMAT, type ReportCoverage, type ReportData } from './report-data.js';

/** What was found in the inputs. */
interface Found {
  reports: ReportData[];
  entries: HarEntry[][];
  coverage: ReportCoverage[];
}

function isCoverage(value: unknown): value is ReportCoverage {
  const v = value as Partial<ReportCoverage> | null;
  return typeof v === 'object' && v !== null && typeof v.document === 'string' && Array.isArray(v.operations) && Array.isArray(v.undocumented);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ReportError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Adds a file given by name: it must be a report's data, a HAR file or a coverage report. */
function addFile(path: string, found: Found): void {
  if (path.endsWith('.har')) {
    try {
      found.entries.push(harEntries(path));
    } catch (error) {
      throw new ReportError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
    }
    return;
  }
  const value = readJson(path);
  if (isReportData(value)) found.reports.push(value);
  else if (isCoverage(value)) found.coverage.push(value);
  else throw new ReportError(`${path} is neither a report's data (written by tandem test --report), a HAR file nor a coverage.json`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
    });
}

/**
 * Adds what a directory holds: the reports' data in it (at any depth); when it has none, its HAR
 * files and coverage.json files. Other JSON files are left alone.
 */
function addDirectory(dir: string, found: Found): void {
  const files = filesUnder(dir);
  const reports = files.filter((f) => f.endsWith('.json')).map((f) => ({ f, value: readJson(f) })).filter(({ value }) => isReportData(value));
  if (reports.length > 0) {
    for (const { value } of reports) found.reports.push(value as ReportData);
    return;
  }
  const hars = files.filter((f) => f.endsWith('.har'));
  const coverage = files.filter((f) => /(^|\/)coverage\.json$/.test(f));
  if (hars.length === 0 && coverage.length === 0) throw new ReportError(`nothing to merge in ${dir}: no report data (the .json beside a report written by tandem test --report), HAR file or coverage.json`);
  for (const f of [...hars, ...coverage]) addFile(f, found);
}

function mergeParity(all: readonly ParitySummary[]): ParitySummary | undefined {
  const [first] = all;
  if (!first) return undefined;
  return {
    ...first,
    compared: all.reduce((n, p) => n + p.compared, 0),
    notCompared: all.reduce((n, p) => n + p.notCompared, 0),
    differences: all.reduce((n, p) => n + p.differences, 0),
    noiseFields: all.reduce((n, p) => n + p.noiseFields, 0),
    exchanges: all.flatMap((p) => p.exchanges),
  };
}

/**
 * Merges the shards found at `paths` (directories, reports' data files, HAR files, coverage.json
 * files) into one report's data: every run, the counts added up, every test and request, the API
 * coverage merged (exercised by any shard is exercised), the parity results added up. Throws
 * `ReportError` for an input it cannot use.
 *
 * @example
 * const data = mergeReports(['shard-1', 'shard-2', 'shard-3']);
 * writeReport(data, 'report.html');
 */
export function mergeReports(paths: readonly string[]): ReportData {
  if (paths.length === 0) throw new ReportError('nothing to merge: give the shards\' directories or files');
  const found: Found = { reports: [], entries: [], coverage: [] };
  for (const path of paths) {
    let directory: boolean;
    try {
      directory = statSync(path).isDirectory();
    } catch (error) {
      throw new ReportError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
    }
    if (directory) addDirectory(path, found);
    else addFile(path, found);
  }
  const { reports } = found;
  const looseEntries = found.entries.flat();
  const entries = [...reports.flatMap((r) => r.entries), ...looseEntries].sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime));
  const merged: ReportData = {
    tandemReport: REPORT_FORMAT,
    runs: reports.flatMap((r) => r.runs).sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
    counts: {
      tests: reports.reduce((n, r) => n + r.counts.tests, 0),
      // A shard known only by its HAR file counts the requests recorded there.
      requests: reports.reduce((n, r) => n + r.counts.requests, 0) + looseEntries.length,
      leftovers: reports.reduce((n, r) => n + r.counts.leftovers, 0),
    },
    tests: reports.flatMap((r) => r.tests),
    entries,
  };
  const coverage = mergeCoverage([...reports.flatMap((r) => (r.coverage ? [r.coverage] : [])), ...found.coverage]);
  if (coverage) merged.coverage = coverage;
  const parity = mergeParity(reports.flatMap((r) => (r.parity ? [r.parity] : [])));
  if (parity) merged.parity = parity;
  return merged;
}
