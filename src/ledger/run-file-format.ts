/**
 * The run file, `<ledger dir>/<run id>.jsonl`: one JSON object a line, appended (O_APPEND) by every
 * process of the run, so it survives a crash of any of them. It holds no header and no body: the
 * target's origin, each resource's method and URL (secrets redacted) and the test that created it.
 */
import { readFileSync } from 'node:fs';

export type RunLine =
  | { type: 'start'; run: string; origin: string; writer: string; pid: number; host: string; at: string }
  | { type: 'add'; key: string; method: string; url: string; test: string | null; sweepable: boolean; at: string }
  | { type: 'done'; key: string; how: 'deleted' | 'gone' | 'swept' | 'forgotten' }
  | { type: 'end'; writer: string; at: string }
  | { type: 'swept'; at: string };

/** A resource as the run file records it. */
export interface RecordedEntry {
  key: string;
  method: string;
  url: string;
  test: string | undefined;
  sweepable: boolean;
  done: boolean;
}

/** What a run file says, read back. */
export interface RunRecord {
  runId: string | undefined;
  origin: string | undefined;
  /** The test apps that wrote to it (`writer` ids, unique in the run), their process, and whether each ended normally. */
  writers: Array<{ writer: string; pid: number; host: string; ended: boolean }>;
  /** In the order they were created. */
  entries: RecordedEntry[];
}

/** Parses a run file's text; a torn last line (a crash mid-write) and unknown lines are skipped. */
export function parseRunFile(text: string): RunRecord {
  const record: RunRecord = { runId: undefined, origin: undefined, writers: [], entries: [] };
  const byKey = new Map<string, RecordedEntry>();
  for (const raw of text.split('\n')) {
    let line: RunLine;
    try {
      line = JSON.parse(raw) as RunLine;
    } catch {
      continue;
    }
    if (typeof line !== 'object' || line === null) continue;
    if (line.type === 'start') {
      record.runId ??= line.run;
      record.origin ??= line.origin;
      record.writers.push({ writer: line.writer, pid: line.pid, host: line.host, ended: false });
    } else if (line.type === 'add') {
      const entry = { key: line.key, method: line.method, url: line.url, test: line.test ?? undefined, sweepable: line.sweepable, done: false };
      byKey.set(line.key, entry);
      record.entries.push(entry);
    } else if (line.type === 'done') {
      const entry = byKey.get(line.key);
      if (entry) entry.done = true;
    } else if (line.type === 'end') {
      for (const writer of record.writers) if (writer.writer === line.writer) writer.ended = true;
    }
  }
  return record;
}

/** Reads and parses a run file. */
export function readRunFile(path: string): RunRecord {
  return parseRunFile(readFileSync(path, 'utf8'));
}

/** True when nothing in the record is left to clean up. */
export function allDone(record: RunRecord): boolean {
  return record.entries.every((entry) => entry.done);
}
