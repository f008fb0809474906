/**
 * tandem as its users run it: the compiled `dist/` (`npm run bench` builds it first), not the
 * TypeScript sources through a loader, whose per-function helpers would be counted as tandem's cost.
 * `BENCH_SOURCE=1` measures `src/` instead. The target layer is loaded too, so that tandem's own
 * layer (what `api.get()` costs above `target.send`) can be told apart.
 */
type Tandem = typeof import('../src/index.js');
type Targets = typeof import('../src/targets/create-target.js');
type LintOptions = typeof import('../src/targets/lint/options.js');
type Abort = typeof import('../src/targets/request-abort.js');

const root = process.env.BENCH_SOURCE === '1' ? '../src' : '../dist';

export const { createTestApp } = (await import(`${root}/index.js`)) as Tandem;
export const { createTarget } = (await import(`${root}/targets/create-target.js`)) as Targets;
export const { resolveLintRules } = (await import(`${root}/targets/lint/options.js`)) as LintOptions;
export const { RequestAbort } = (await import(`${root}/targets/request-abort.js`)) as Abort;
export type { TestApp } from '../src/index.js';
export type { Target } from '../src/targets/target.js';
