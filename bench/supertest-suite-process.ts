/**
 * The suite-level comparison's whole-process run: `node --import tsx supertest-suite-process.ts
 * <supertest|tandem> <repeat>` loads the library, runs the suite `repeat` times, and must then
 * exit by itself (no process.exit): an open handle would show as a hang, and fail the bench.
 */
import { createSuiteApp, runSuite, type RequestLike } from './supertest-suite-tests.js';

const [library, repeat] = process.argv.slice(2);
const entry = library === 'supertest' ? 'supertest' : process.env.BENCH_SOURCE === '1' ? '../src/supertest/index.js' : '../dist/supertest/index.js';
const request = ((await import(entry)) as { default: RequestLike }).default;
for (let i = 0; i < Number(repeat); i++) await runSuite(request, createSuiteApp);
