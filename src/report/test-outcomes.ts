/**
 * The outcome of each test of a `tandem test --report` run: the CLI sets `TANDEM_REPORT_DIR`, and
 * each process appends one JSON line per test that ended (name, status, duration, failure) to a
 * file of its own there, at once, so that a worker killed later loses nothing. Without
 * `TANDEM_REPORT_DIR` nothing is written.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { TandemError } from '../errors/tandem-error.js';
import { readJsonLines } from '../format/json-lines.js';

/** How a test ended; `unknown` when the runner does not tell (Jest's hooks do not). */
export type TestStatus = 'passed' | 'failed' | 'skipped' | 'unknown';

/** Why a test failed, as the runner reported it. */
export interface TestFailure {
  /** The error's message (its diff included), without terminal colours. */
  message: string;
  /** The error's stable `code`, for tandem's own errors. */
  code?: string;
}

/** One test that ended. */
export interface TestOutcome {
  /** The test's name as the runner integration gave it (the name HAR entries carry in `_test`). */
  name: string;
  status: TestStatus;
  /** From the test's `beforeEach` to its `afterEach`, in milliseconds. */
  durationMs?: number;
  failure?: TestFailure;
}

/** Files of outcomes end so; other files in the directory are left alone. */
export const OUTCOMES_SUFFIX = '.tests.jsonl';
/** A failure message longer than this is cut (a runaway body in an assertion message). */
const MESSAGE_LIMIT = 20_000;
// eslint-disable-next-line no-control-regex -- terminal colour codes are control characters
const ANSI = /\u001b\[[0-9;]*m/g;

let file: string | null | undefined;

/** This process's file in `TANDEM_REPORT_DIR`, or null when there is none (read once). */
function outcomesFile(): string | null {
  if (file !== undefined) return file;
  const dir = process.env.TANDEM_REPORT_DIR?.trim();
  if (!dir) return (file = null);
  mkdirSync(dir, { recursive: true });
  return (file = join(dir, `${process.pid}-${threadId}-${randomBytes(4).toString('hex')}${OUTCOMES_SUFFIX}`));
}

/**
 * The text of an error: an `Error`, or an error as Vitest serializes it (`{ name, message, diff }`).
 */
function messageOf(error: unknown): string {
  if (typeof error !== 'object' || error === null || typeof (error as { message?: unknown }).message !== 'string') return String(error);
  const { name, message, diff } = error as { name?: unknown; message: string; diff?: unknown };
  const text = typeof name === 'string' && name !== 'Error' ? `${name}: ${message}` : message;
  // Vitest keeps the diff of an `expect` apart from the message.
  return typeof diff === 'string' && diff !== '' && !message.includes(diff) ? `${text}\n\n${diff}` : text;
}

/**
 * What a runner reported as a test's error, made fit for the report: node:test wraps the thrown
 * error in `ERR_TEST_FAILURE` (its `cause` is the real one); colours are removed; tandem's errors
 * keep their `code` (their messages are already redacted).
 *
 * @example
 * failureOf(new Error('expected 200, got 500')); // { message: 'expected 200, got 500' }
 */
export function failureOf(error: unknown): TestFailure {
  const real = error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_TEST_FAILURE' && error.cause !== undefined ? error.cause : error;
  const message = messageOf(real).replace(ANSI, '');
  const failure: TestFailure = { message: message.length > MESSAGE_LIMIT ? `${message.slice(0, MESSAGE_LIMIT)}\n… (cut at ${MESSAGE_LIMIT} characters)` : message };
  if (real instanceof TandemError) failure.code = real.code;
  return failure;
}

/**
 * Appends a test's outcome to this process's file in `TANDEM_REPORT_DIR` (nothing without it).
 * Runner integrations call it from their `afterEach` hook.
 *
 * @example
 * recordTestOutcome({ name: 'creates a note', status: 'passed', durationMs: 12 });
 */
export function recordTestOutcome(outcome: TestOutcome): void {
  const path = outcomesFile();
  if (path === null) return;
  try {
    appendFileSync(path, `${JSON.stringify(outcome)}\n`);
  } catch {
    // The run's directory is gone (the CLI was interrupted): there is no one to tell.
  }
}

/**
 * Every outcome the processes of a run wrote to `dir`, in the order each process wrote them; a
 * line cut short by a process killed mid-write is skipped.
 *
 * @example
 * const failed = readTestOutcomes(dir).filter((t) => t.status === 'failed');
 */
export function readTestOutcomes(dir: string): TestOutcome[] {
  return readJsonLines<TestOutcome>(dir, OUTCOMES_SUFFIX);
}
