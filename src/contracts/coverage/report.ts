/** The API coverage report: the document's operations × documented statuses, exercised or not, merged from every process of a run. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readJsonLines } from '../../format/json-lines.js';
import { dirname, join, resolve } from 'node:path';
import { CoverageError } from '../../errors/coverage-error.js';
import { loadContract } from '../openapi/contract.js';
import type { OpenApiInput } from '../openapi/source.js';
import { HITS_SUFFIX, processHits, type CoverageHit } from './record.js';

/**
 * One documented response of an operation.
 *
 * @example
 * const conflict = report.operations.find((o) => o.method === 'PATCH')?.responses.find((r) => r.status === '409');
 * if (conflict && !conflict.covered) console.log('no test makes PATCH answer 409');
 */
export interface CoverageResponse {
  /** As documented: `200`, `4XX` or `default`. */
  readonly status: string;
  /** Whether a response answered to it. */
  readonly covered: boolean;
  /** Whether it counts towards the percentage (`default` does not: it stands for any other status). */
  readonly counted: boolean;
  /** The statuses seen for it, e.g. `[500]` for `default`. */
  readonly seen: readonly number[];
}

/**
 * One operation of the document.
 *
 * @example
 * const never = report.operations.filter((o) => !o.called).map((o) => `${o.method} ${o.path}`);
 */
export interface CoverageOperation {
  readonly method: string;
  readonly path: string;
  /** Whether any request reached it. */
  readonly called: boolean;
  readonly responses: readonly CoverageResponse[];
  /** Statuses it answered with that the document does not describe. */
  readonly undocumentedStatuses: readonly number[];
}

/**
 * What `coverageReport()` returns (and writes as JSON).
 *
 * @example
 * const report: CoverageReport = coverageReport({ openapi: './openapi.yaml' });
 * console.log(`${report.covered}/${report.total} (${report.percent}%)`);
 */
export interface CoverageReport {
  /** The document, as named in messages. */
  readonly document: string;
  /** Documented responses exercised (`default` not counted). */
  readonly covered: number;
  /** Documented responses (`default` not counted). */
  readonly total: number;
  /** `covered / total` in percent, 100 when there is nothing to cover. */
  readonly percent: number;
  readonly operations: readonly CoverageOperation[];
  /** Requests for paths or methods the document does not describe. */
  readonly undocumented: ReadonlyArray<{ readonly method: string; readonly path: string; readonly status: number }>;
  /** The table, as printed. */
  readonly table: string;
  /** Where the JSON was written, if it was. */
  readonly jsonPath: string | undefined;
}

/**
 * What `coverageReport()` takes.
 *
 * @example
 * const options: CoverageReportOptions = { openapi: './openapi.yaml', dir: '.tandem/coverage/ci', threshold: 80, json: 'reports/api-coverage.json' };
 * coverageReport(options);
 */
export interface CoverageReportOptions {
  /** The OpenAPI document the run checked against (as in `createTestApp`'s `openapi`). */
  openapi: OpenApiInput;
  /**
   * The coverage directory the run's processes wrote to (`TANDEM_COVERAGE_DIR`, or the test app's
   * `coverage` option). What this process recorded itself is always included.
   * @default process.env.TANDEM_COVERAGE_DIR
   */
  dir?: string | undefined;
  /** Fail (throw `CoverageError`) when fewer than this percentage of documented responses were exercised. */
  threshold?: number | undefined;
  /**
   * Where to write the report as JSON; `false` not to write it.
   * @default `<dir>/coverage.json` when there is a directory
   */
  json?: string | false | undefined;
}

function readHits(dir: string | undefined): CoverageHit[] {
  const hits = processHits();
  if (dir !== undefined) hits.push(...readJsonLines<CoverageHit>(dir, HITS_SUFFIX));
  return hits;
}

const mark = (r: CoverageResponse) => (r.covered ? '✓' : r.counted ? '✗' : '·');

/**
 * The coverage of `operations`: documented responses exercised of those counted (`default` is not;
 * an operation without documented responses counts once, as called or not), with the
 * undocumented requests sorted. `coverageReport()` and the merging of shards' reports share it.
 *
 * @example
 * coverageTotals('openapi.yaml', report.operations, report.undocumented).percent;
 */
export function coverageTotals(
  document: string,
  operations: readonly CoverageOperation[],
  undocumented: CoverageReport['undocumented'],
): Omit<CoverageReport, 'table' | 'jsonPath'> {
  const counted = operations.flatMap((o) => (o.responses.length === 0 ? [{ covered: o.called }] : o.responses.filter((r) => r.counted)));
  const covered = counted.filter((r) => r.covered).length;
  const total = counted.length;
  return {
    document,
    covered,
    total,
    percent: total === 0 ? 100 : Math.round((covered / total) * 1000) / 10,
    operations,
    undocumented: [...undocumented].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`) || a.status - b.status),
  };
}

/**
 * The table as printed: one line per operation, `200 ✓  404 ✗` per documented status.
 *
 * @example
 * console.log(formatCoverage(coverageTotals('openapi.yaml', operations, [])));
 */
export function formatCoverage(report: Omit<CoverageReport, 'table' | 'jsonPath'>): string {
  const percent = `${report.percent.toFixed(report.percent % 1 === 0 ? 0 : 1)}%`;
  const lines = [`API coverage of ${report.document}: ${report.covered} of ${report.total} documented responses exercised (${percent})`, ''];
  const methodWidth = Math.max(0, ...report.operations.map((o) => o.method.length));
  const pathWidth = Math.max(0, ...report.operations.map((o) => o.path.length));
  for (const operation of report.operations) {
    const cells = operation.responses.map((r) => `${r.status} ${mark(r)}${r.status === 'default' && r.seen.length > 0 ? ` (${r.seen.join(', ')})` : ''}`);
    if (operation.responses.length === 0) cells.push(operation.called ? 'called ✓' : 'never called ✗');
    if (operation.undocumentedStatuses.length > 0) cells.push(`undocumented: ${operation.undocumentedStatuses.join(', ')}`);
    lines.push(`  ${operation.method.padEnd(methodWidth)}  ${operation.path.padEnd(pathWidth)}  ${cells.join('  ')}`.trimEnd());
  }
  if (report.undocumented.length > 0) {
    lines.push('', 'requests the document does not describe:');
    for (const u of report.undocumented.slice(0, 20)) lines.push(`  ${u.method} ${u.path} → ${u.status}`);
    if (report.undocumented.length > 20) lines.push(`  … and ${report.undocumented.length - 20} more`);
  }
  lines.push('', '✓ exercised  ✗ never exercised  · default, not counted');
  return lines.join('\n');
}

/**
 * Merges what every process of a run recorded into the API coverage of an OpenAPI document:
 * each operation with its documented statuses, exercised (✓) or not (✗). Returns the data and the
 * printable table, writes the JSON, and with `threshold` throws `CoverageError` when too little was
 * exercised.
 *
 * @example
 * // TANDEM_COVERAGE_DIR=.tandem/coverage/run-1 node --test test/*.test.ts, then:
 * const report = coverageReport({ openapi: './openapi.yaml', dir: '.tandem/coverage/run-1', threshold: 80 });
 * console.log(report.table);
 * // GET    /notes/{id}  200 ✓  404 ✓
 * // PATCH  /notes/{id}  200 ✓  409 ✗
 */
export function coverageReport(options: CoverageReportOptions): CoverageReport {
  const contract = loadContract(options.openapi);
  const dir = options.dir ?? process.env.TANDEM_COVERAGE_DIR;
  const hits = readHits(dir === undefined ? undefined : resolve(dir)).filter((hit) => hit.document === contract.source.key);
  const byOperation = new Map<string, CoverageHit[]>();
  const undocumented = new Map<string, { method: string; path: string; status: number }>();
  for (const hit of hits) {
    if (!hit.documented) {
      undocumented.set(`${hit.method} ${hit.path} ${hit.status}`, { method: hit.method, path: hit.path, status: hit.status });
      continue;
    }
    const key = `${hit.method} ${hit.path}`;
    byOperation.set(key, [...(byOperation.get(key) ?? []), hit]);
  }
  const operations: CoverageOperation[] = [];
  for (const path of contract.model.paths) {
    for (const operation of path.operations.values()) {
      const seen = byOperation.get(operation.label) ?? [];
      const responses = operation.responses.map((r) => {
        const statuses = [...new Set(seen.filter((h) => h.response === r.key).map((h) => h.status))].sort((a, b) => a - b);
        return { status: r.key, covered: statuses.length > 0, counted: r.key !== 'default', seen: statuses };
      });
      const undocumentedStatuses = [...new Set(seen.filter((h) => h.response === undefined).map((h) => h.status))].sort((a, b) => a - b);
      operations.push({ method: operation.method, path: operation.template, called: seen.length > 0, responses, undocumentedStatuses });
    }
  }
  const data = coverageTotals(contract.source.label, operations, [...undocumented.values()]);
  const table = formatCoverage(data);
  const jsonPath = options.json === false ? undefined : (options.json ?? (dir === undefined ? undefined : join(resolve(dir), 'coverage.json')));
  if (jsonPath !== undefined) {
    mkdirSync(dirname(jsonPath), { recursive: true });
    writeFileSync(jsonPath, `${JSON.stringify(data, null, 2)}\n`);
  }
  const report: CoverageReport = { ...data, table, jsonPath };
  if (options.threshold !== undefined && data.percent < options.threshold) {
    throw new CoverageError(`API coverage is ${data.percent}%, below the threshold of ${options.threshold}%`, { report, details: table });
  }
  return report;
}
