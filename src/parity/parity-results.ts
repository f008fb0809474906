/**
 * The results of a parity run: each process appends one JSON line per request compared (or not) to
 * a file of its own in `TANDEM_PARITY_DIR`; the CLI reads them all and sums them up, deciding
 * then what is noise, once the whole run's noise is known.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { readJsonLines } from '../format/json-lines.js';
import { fieldKey } from './diff-responses.js';
import type { ParityExchange, ParitySummary } from './parity-summary.js';

/** One request as compared, before the run's noise is applied. */
export interface ParityRecord extends ParityExchange {
  /** Whether this request had a noise comparison of its own (a second answer of the primary). */
  noiseChecked: boolean;
}

const SUFFIX = '.parity.jsonl';
let file: string | undefined;

/**
 * Appends a record to this process's file in `dir`.
 *
 * @example
 * recordParity(dir, { method: 'GET', url: 'http://a/items', differences: [], noiseChecked: true });
 */
export function recordParity(dir: string, record: ParityRecord): void {
  if (file === undefined) {
    mkdirSync(dir, { recursive: true });
    file = join(dir, `${process.pid}-${threadId}-${randomBytes(4).toString('hex')}${SUFFIX}`);
  }
  try {
    appendFileSync(file, `${JSON.stringify(record)}\n`);
  } catch {
    // The run's directory is gone (the CLI was interrupted): there is no one to tell.
  }
}


/**
 * Sums up what the processes of a run recorded in `dir` (see {@link summarizeRecords}).
 *
 * @example
 * const summary = summarizeParity(dir, { primary: 'A', candidate: 'B' });
 * if (summary.differences > 0) process.exitCode = 1;
 */
export function summarizeParity(dir: string, targets: Pick<ParitySummary, 'primary' | 'candidate' | 'noise'>): ParitySummary {
  return summarizeRecords(readJsonLines<ParityRecord>(dir, SUFFIX), targets);
}

/**
 * Sums up `records`. A request that had no noise comparison of its own (an unsafe method, without
 * a second instance of the primary) takes the run's: a field that was noise for another request
 * is noise for it too.
 *
 * @example
 * const summary = summarizeRecords(records, { primary: 'app (in-process)', candidate: 'app (loopback)' });
 */
export function summarizeRecords(records: readonly ParityRecord[], targets: Pick<ParitySummary, 'primary' | 'candidate' | 'noise'>): ParitySummary {
  const noisy = new Set(records.flatMap((r) => r.differences.filter((d) => d.noise).map(fieldKey)));
  const summary: ParitySummary = { ...targets, compared: 0, notCompared: 0, differences: 0, noiseFields: 0, exchanges: [] };
  for (const { noiseChecked, ...exchange } of records) {
    if (exchange.notCompared !== undefined) {
      summary.notCompared++;
      summary.exchanges.push(exchange);
      continue;
    }
    summary.compared++;
    if (!noiseChecked) for (const d of exchange.differences) if (noisy.has(fieldKey(d))) d.noise = true;
    const noise = exchange.differences.filter((d) => d.noise).length;
    summary.noiseFields += noise;
    summary.differences += exchange.differences.length - noise;
    if (exchange.differences.length > 0) summary.exchanges.push(exchange);
  }
  return summary;
}
