/** The API coverage of several shards, as one: what any shard exercised is exercised. */
import { coverageTotals, type CoverageOperation, type CoverageResponse } from '../contracts/coverage/report.js';
import { ReportError } from '../errors/report-error.js';
import type { ReportCoverage } from './report-data.js';

const union = (a: readonly number[], b: readonly number[]) => [...new Set([...a, ...b])].sort((x, y) => x - y);

function mergeResponses(a: readonly CoverageResponse[], b: readonly CoverageResponse[]): CoverageResponse[] {
  const merged = new Map(a.map((r) => [r.status, r]));
  for (const r of b) {
    const known = merged.get(r.status);
    merged.set(r.status, known ? { ...known, covered: known.covered || r.covered, seen: union(known.seen, r.seen) } : r);
  }
  return [...merged.values()];
}

/**
 * Merges the coverage of several shards of one suite against one OpenAPI document: an operation
 * is called, and a documented response exercised, when any shard did; the totals are computed
 * again. Throws `ReportError` when the shards checked against different documents.
 *
 * @example
 * const all = mergeCoverage([shard1.coverage, shard2.coverage]);
 * console.log(`${all.covered}/${all.total}`);
 */
export function mergeCoverage(reports: readonly ReportCoverage[]): ReportCoverage | undefined {
  if (reports.length === 0) return undefined;
  const documents = [...new Set(reports.map((r) => r.document))];
  if (documents.length > 1) throw new ReportError(`the shards' API coverage is of different OpenAPI documents (${documents.join(', ')}): merge the reports of one suite`);
  const operations = new Map<string, CoverageOperation>();
  const undocumented = new Map<string, ReportCoverage['undocumented'][number]>();
  for (const report of reports) {
    for (const operation of report.operations) {
      const key = `${operation.method} ${operation.path}`;
      const known = operations.get(key);
      operations.set(
        key,
        known
          ? { ...known, called: known.called || operation.called, responses: mergeResponses(known.responses, operation.responses), undocumentedStatuses: union(known.undocumentedStatuses, operation.undocumentedStatuses) }
          : operation,
      );
    }
    for (const u of report.undocumented) undocumented.set(`${u.method} ${u.path} ${u.status}`, u);
  }
  return coverageTotals(documents[0]!, [...operations.values()], [...undocumented.values()]);
}
