/**
 * What this process exercised of OpenAPI documents: each distinct (operation, response) once, kept
 * in memory and, when a coverage directory is set, appended to a file of this process's own in it
 * the moment it is first seen, so runner workers and test files in processes of their own add up,
 * and nothing is lost when a worker is killed rather than left to exit.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';

/** One thing a run exercised. */
export interface CoverageHit {
  /** The document's key (its absolute path, or title@version for an object). */
  readonly document: string;
  /** Upper-case method as documented (`GET` for a HEAD answered by the GET operation). */
  readonly method: string;
  /** The path template, or the request path when the document has none for it. */
  readonly path: string;
  /** Whether the document describes this method on this path. */
  readonly documented: boolean;
  /** The response key matched (`200`, `4XX`, `default`), or undefined when none did. */
  readonly response: string | undefined;
  readonly status: number;
}

/** Files of hits end so; other files in a coverage directory are left alone. */
export const HITS_SUFFIX = '.hits.jsonl';

const keyOf = (hit: CoverageHit) => `${hit.document}\n${hit.method}\n${hit.path}\n${hit.response ?? ''}\n${hit.status}`;

const seen = new Map<string, CoverageHit>();
const written = new Map<string, Set<string>>();
const fileName = `${process.pid}-${threadId}-${randomBytes(4).toString('hex')}${HITS_SUFFIX}`;

/** Records a hit in memory, and in `dir` when given. */
export function recordHit(hit: CoverageHit, dir: string | undefined): void {
  const key = keyOf(hit);
  if (!seen.has(key)) seen.set(key, hit);
  if (dir === undefined) return;
  const absolute = resolve(dir);
  let keys = written.get(absolute);
  if (!keys) {
    mkdirSync(absolute, { recursive: true });
    keys = new Set();
    written.set(absolute, keys);
  }
  if (keys.has(key)) return;
  keys.add(key);
  appendFileSync(join(absolute, fileName), `${JSON.stringify(hit)}\n`);
}

/** What this process has recorded so far. */
export function processHits(): CoverageHit[] {
  return [...seen.values()];
}
