/** Note ids: time-ordered within a process, so creation order is id order. */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * A 24-character lowercase hex id: milliseconds, a per-millisecond sequence, then randomness.
 *
 * @example
 * newId(); // '019a1f3c2b7e0000a1b2c3d4'
 */
export function newId(now = Date.now()): string {
  if (now <= lastMs) {
    sequence++;
    now = lastMs;
  } else {
    lastMs = now;
    sequence = 0;
  }
  return now.toString(16).padStart(12, '0') + (sequence & 0xffff).toString(16).padStart(4, '0') + randomBytes(4).toString('hex');
}

/** Whether `value` has the shape of a note id. */
export function isId(value: string): boolean {
  return /^[0-9a-f]{24}$/.test(value);
}
