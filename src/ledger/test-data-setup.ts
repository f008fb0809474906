/**
 * Wires a test app's options into the ledger and the safety policy: the send hooks, the run
 * header, the secrets to scrub, and (against a remote target) the run file.
 */
import { OptionError } from '../errors/option-error.js';
import type { Mode } from '../format/exchange.js';
import { headerProblem } from '../request/validate.js';
import type { PendingRequest, SendHooks } from '../request/send-hooks.js';
import { validateAllowHosts } from '../safety/host-allowlist.js';
import { optionSecrets } from '../safety/option-secrets.js';
import { resolveReadOnly } from '../safety/read-only.js';
import { safetyHook } from '../safety/safety-hook.js';
import { cleanupHook } from './cleanup-hook.js';
import type { CleanupOptions } from './cleanup-options.js';
import type { TrackedResource } from './cleanup-rules.js';
import type { Ledger } from './ledger.js';
import { resolveLedgerDir, RunFile } from './run-file.js';

/** The test app options this module reads (documented on `TestAppOptions`). */
interface TestDataOptions {
  runHeader?: string | false | undefined;
  cleanup?: CleanupOptions | undefined;
  ledgerDir?: string | undefined;
  readOnly?: boolean | undefined;
  allowHosts?: string[] | undefined;
  secrets?: string[] | undefined;
  env?: Record<string, string | undefined> | undefined;
}

export interface TestDataSetup {
  /** Goes first: refuses a request before any other hook sees it. */
  safety: SendHooks;
  /** Registers what responses created. */
  cleanup: SendHooks;
  /** `[[name, runId]]`, or none when `runHeader: false`. */
  runHeader: Array<[string, string]>;
  /** Scrubbed from failure messages, curl lines, the leftovers table and the run file. */
  secrets: string[];
}

const DEFAULT_RUN_HEADER = 'X-Tandem-Run';
const DEFAULT_ATTEMPTS = 3;
const BACKOFF_MS = 100;

function runHeaderOf(option: string | false | undefined, runId: string): Array<[string, string]> {
  if (option === false) return [];
  const name = option ?? DEFAULT_RUN_HEADER;
  const problem = headerProblem(name, runId);
  if (problem) throw new OptionError(`options.runHeader: ${problem}`);
  return [[name, runId]];
}

function attemptsOf(cleanup: CleanupOptions | undefined): number {
  const attempts = cleanup?.attempts ?? DEFAULT_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1) throw new OptionError(`options.cleanup.attempts must be a whole number of at least 1, got ${String(cleanup?.attempts)}`);
  return attempts;
}

/**
 * Sets up the ledger and safety of a test app (a session shares its parent's ledger, set up by the
 * parent); `register` adds what a rule found to the ledger.
 */
export function setUpTestData(init: {
  options: TestDataOptions;
  headers: ReadonlyArray<readonly [string, string]>;
  mode: Mode;
  /** The deployment's URL, for a remote target. */
  remoteUrl: URL | undefined;
  runId: string;
  /** The test app's ledger (a session's is its parent's). */
  ledger: Ledger;
  /** True for the test app that owns the ledger: its options configure it. */
  ownsLedger: boolean;
  /** Registers `what` for the sender of `request`, whose cookies its deletion then carries. */
  register: (what: string | TrackedResource, request: PendingRequest) => void;
}): TestDataSetup {
  const { options, mode, runId } = init;
  const env = options.env ?? process.env;
  const runHeader = runHeaderOf(options.runHeader, runId);
  if (options.secrets !== undefined && (!Array.isArray(options.secrets) || options.secrets.some((s) => typeof s !== 'string'))) {
    throw new OptionError('options.secrets must be a list of strings');
  }
  const secrets = [...optionSecrets(init.headers), ...(options.secrets ?? []).filter((s) => s.length >= 4)];
  const rules = options.cleanup?.rules ?? [];
  if (!Array.isArray(rules)) throw new OptionError('options.cleanup.rules must be a list of rules');
  const attempts = attemptsOf(options.cleanup);
  const allowHosts = validateAllowHosts(options.allowHosts);
  const readOnly = resolveReadOnly(options.readOnly, env, mode === 'remote' ? init.remoteUrl : undefined);
  if (init.ownsLedger) {
    const runFile = mode === 'remote' && init.remoteUrl ? new RunFile(resolveLedgerDir(options.ledgerDir, env), runId, init.remoteUrl.href.replace(/\/$/, ''), secrets) : undefined;
    init.ledger.configure({ retry: { attempts, backoffMs: BACKOFF_MS }, secrets, runFile });
  }
  return {
    safety: safetyHook({ readOnly, allowHosts }),
    cleanup: cleanupHook({ rules, auto: options.cleanup?.auto ?? true, register: init.register, deleted: (url) => init.ledger.deletedByTest(url) }),
    runHeader,
    secrets,
  };
}
