/**
 * The leftovers report: what could not be cleaned up, as a table. Modelled on undici's
 * pending-interceptors formatter (mock/pending-interceptors-formatter.js), which renders with
 * `console.table` into a string rather than draw the table by hand.
 */
import { Console } from 'node:console';
import { Transform } from 'node:stream';
import type { Leftover } from '../errors/cleanup-error.js';

/** Renders rows with Node's `console.table`, without colours, and returns the text. */
export function renderTable(rows: ReadonlyArray<Record<string, string>>): string {
  const chunks: Buffer[] = [];
  const sink = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  new Console({ stdout: sink, inspectOptions: { colors: false } }).table(rows);
  return Buffer.concat(chunks).toString('utf8').trimEnd();
}

/** `3 resources could not be cleaned up:` followed by the table of them. */
export function formatLeftovers(leftovers: readonly Leftover[]): { headline: string; table: string } {
  const noun = leftovers.length === 1 ? 'resource' : 'resources';
  const rows = leftovers.map((l) => ({ Method: l.method, URL: l.url, 'Created by': l.createdBy, 'Last error': l.lastError }));
  return { headline: `${leftovers.length} ${noun} could not be cleaned up:`, table: renderTable(rows) };
}
