/**
 * The order of the pipeline: every request of a test app, whichever entry sent it (the builder,
 * `res.follow()` and its kin, `api.fetch`, `api.dispatcher`), passes these steps in this order,
 * and every redirect hop passes all of them again.
 *
 *  1. safety      the read-only policy and the host allowlist refuse before anything else runs
 *     parity      (with `tandem test --compare`) once the primary answered, the same request goes
 *                 to the candidate (and the noise instance) and the answers are compared
 *  2. run header  `X-Tandem-Run: <run id>`, so the app's data can be traced and swept
 *  3. recording   the HAR file keeps every exchange that got a response…
 *  4. cleanup     …and the ledger registers what it created, even when a later check fails
 *  5. contract    the OpenAPI document checks the request, then the complete response
 *  6. counters    counts what no earlier step refused
 *  7. cookies     the sender's jar: cookies out, `Set-Cookie` in, on every hop
 *  8. redirects   checks a redirect hop (limit, loop, the target's origin) and prepares it
 *  9. deadline    the timeout, and the test app's close, abort the exchange
 * 10. lint        a timeout the app caused (a response never ended) becomes its lint finding
 *     target      `target.send` (builder), `target.fetch` (`api.fetch`), the target's dispatcher
 *
 * Steps that an option turns off (recording, the contract, the run header) are left out when the
 * pipeline is built, not skipped per request.
 */
import type { SendHooks } from '../request/send-hooks.js';
import { cleanup } from './cleanup.js';
import { contract } from './contract.js';
import { cookies } from './cookies.js';
import { counters } from './counters.js';
import { deadline } from './deadline.js';
import type { Middleware } from './exchange.js';
import { lint } from './lint.js';
import { recording } from './recording.js';
import { redirects, type PrepareHop } from './redirects.js';
import { runHeader } from './run-header.js';
import { safety } from './safety.js';

/** What the steps are made of: the test app's policies and checks, once its options are known. */
export interface PipelineSteps {
  readonly safety: SendHooks;
  /** `[name, runId]`; undefined with `runHeader: false`. */
  readonly runHeader: readonly [string, string] | undefined;
  /** The HAR recorder; undefined when nothing is recorded. */
  readonly recorder: SendHooks | undefined;
  readonly cleanup: SendHooks;
  /** The OpenAPI checks; undefined without the `openapi` option. */
  readonly contract: SendHooks | undefined;
  /** The parity comparison (`parity/parity.ts`); undefined unless the run compares two targets. */
  readonly parity?: Middleware | undefined;
}

/**
 * The steps in order (see the module's comment).
 *
 * @example
 * const run = compose(orderedSteps(steps, prepare), send(maxBodyBytes));
 */
export function orderedSteps(steps: PipelineSteps, prepare: PrepareHop): Middleware[] {
  const ordered: Array<Middleware | undefined> = [
    safety(steps.safety),
    steps.parity,
    steps.runHeader && runHeader(steps.runHeader),
    steps.recorder && recording(steps.recorder),
    cleanup(steps.cleanup),
    steps.contract && contract(steps.contract),
    counters,
    cookies,
    redirects(prepare),
    deadline,
    lint,
  ];
  return ordered.filter((step) => step !== undefined);
}
