/**
 * tandem as its users run it: the compiled `dist/` (`npm run bench` builds it first), not the
 * TypeScript sources through a loader, whose per-function helpers would be counted as tandem's cost.
 * `BENCH_SOURCE=1` measures `src/` instead.
 */
type Tandem = typeof import('../src/index.js');

const entry = process.env.BENCH_SOURCE === '1' ? '../src/index.js' : '../dist/index.js';

export const { createTestApp } = (await import(entry)) as Tandem;
export type { TestApp } from '../src/index.js';
