/**
 * Recording a test app's exchanges to a HAR 1.2 file: collected by a send hook, written when the
 * test app closes, or when the process exits if it never did.
 */
import { readFileSync } from 'node:fs';
import { RecordingError } from '../errors/recording-error.js';
import type { PendingRequest, SendHooks } from '../request/send-hooks.js';
import type { TestResponse } from '../response/test-response.js';
import { optionSecrets } from '../safety/option-secrets.js';
import { secretFieldTest, type SecretFieldTest } from '../format/secret-fields.js';
import { exchangeSecrets, harEntry, redactedBodies, type ExchangeBodies } from './har-entry.js';
import { addToHarFile, type HarCreator } from './har-file.js';
import { runKey } from '../run/run-key.js';

export type { RecordOption } from './har-path.js';

let creator: HarCreator | undefined;
function creatorOf(): HarCreator {
  // From src/recording or dist/recording alike, the package's own package.json is two levels up.
  creator ??= { name: 'tandem', version: (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version };
  return creator;
}

/** Recorders that have not written their file yet: written when the process exits. */
const unsaved = new Set<HarRecorder>();
let exitHookInstalled = false;

function saveAll(): void {
  for (const pending of [...unsaved]) {
    try {
      pending.save();
    } catch (error) {
      process.stderr.write(`tandem: ${(error as Error).message}\n`);
    }
  }
}

/**
 * Saves the recorder when the process exits, if it was not saved before. Test runners end their
 * worker processes with SIGTERM (Vitest's forks), which skips `exit` listeners: on SIGTERM the
 * recordings are saved, then, unless someone else handles the signal, it is raised again so that
 * the process ends as it would have.
 */
function saveAtExit(recorder: HarRecorder): void {
  unsaved.add(recorder);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', saveAll);
  process.once('SIGTERM', () => {
    saveAll();
    if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
  });
}

/** What a recorder is made from. */
export interface RecorderInit {
  /** The HAR file, absolute. */
  path: string;
  /** The test app's `options.headers`: those that are not plain content or client headers hold secrets. */
  defaultHeaders: ReadonlyArray<readonly [string, string]>;
  /** Where `TANDEM_RUN_ID` is read. */
  env: Record<string, string | undefined>;
  /** The running test's name, recorded with each entry. */
  testName: () => string | undefined;
  /** Body fields redacted besides the credential-like names (the `secretFields` option). */
  secretFields?: readonly string[] | undefined;
}

/**
 * Collects every exchange of a test app (and of its sessions) as HAR entries, secrets redacted.
 *
 * @example
 * const api = createTestApp(app, { record: 'run.har' });
 * await api.get('/health');
 * await api.close(); // run.har now holds the exchange
 */
export class HarRecorder implements SendHooks {
  /** The file written, absolute. */
  readonly path: string;
  readonly #optionSecrets: ReadonlySet<string>;
  readonly #testName: () => string | undefined;
  readonly #run: string;
  readonly #started = new WeakMap<PendingRequest, number>();
  /** Exchanges not written yet: turned into entries when saved, once every secret of the run is known. */
  #exchanges: Array<{ response: TestResponse; request: PendingRequest; startedAt: number; test: string | undefined; bodies: ExchangeBodies }> = [];
  readonly #isSecretField: SecretFieldTest;
  /** Every secret seen so far, scrubbed from every entry when saved. */
  readonly #secrets = new Set<string>();

  constructor(init: RecorderInit) {
    this.path = init.path;
    this.#optionSecrets = new Set(optionSecrets(init.defaultHeaders));
    this.#testName = init.testName;
    this.#run = runKey(init.env);
    this.#isSecretField = secretFieldTest(init.secretFields);
    saveAtExit(this);
  }

  beforeSend(request: PendingRequest): void {
    this.#started.set(request, Date.now());
  }

  afterExchange(response: TestResponse, request: PendingRequest): void {
    const startedAt = this.#started.get(request) ?? Date.now() - response.durationMs;
    const bodies = redactedBodies(response, request, this.#isSecretField);
    this.#exchanges.push({ response, request, startedAt, test: this.#testName(), bodies });
    for (const secret of [...exchangeSecrets(response, request), ...this.#optionSecrets]) this.#secrets.add(secret);
    // A field's value is scrubbed elsewhere too (an echo), when it is long enough not to match by chance.
    for (const value of bodies.values) if (value.length >= 4) this.#secrets.add(value);
  }

  /** Writes the entries recorded so far to the file (adding to what other processes of the run wrote there). */
  save(): void {
    unsaved.delete(this);
    // Longest first, so that a secret containing another one is scrubbed whole.
    const secrets = [...this.#secrets].sort((a, b) => b.length - a.length);
    const entries = this.#exchanges.map(({ response, request, startedAt, test, bodies }) => harEntry(response, request, { startedAt, test, secrets, optionSecrets: this.#optionSecrets, bodies }));
    this.#exchanges = [];
    try {
      addToHarFile(this.path, entries, this.#run, creatorOf());
    } catch (error) {
      throw new RecordingError(`could not write the HAR file ${this.path}: ${(error as Error).message}`, { cause: error });
    }
  }
}

