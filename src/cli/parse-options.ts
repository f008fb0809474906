/** Parsers of command-line option values: they throw commander's `InvalidArgumentError` (exit 2). */
import { InvalidArgumentError } from 'commander';

/**
 * A whole number of milliseconds.
 *
 * @example
 * positiveInt('30000'); // 30000
 */
export function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed)) throw new InvalidArgumentError('expected a whole number of milliseconds');
  return parsed;
}

/** A shard of a test run: the `index`-th of `count`, from 1. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * `i/n`, with 1 ≤ i ≤ n.
 *
 * @example
 * parseShard('2/4'); // { index: 2, count: 4 }
 */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count) throw new InvalidArgumentError('expected i/n with 1 ≤ i ≤ n, e.g. 1/4');
  return { index, count };
}

/**
 * A percentage from 0 to 100.
 *
 * @example
 * parsePercent('80'); // 80
 */
export function parsePercent(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0 || parsed > 100) throw new InvalidArgumentError('expected a percentage from 0 to 100');
  return parsed;
}
