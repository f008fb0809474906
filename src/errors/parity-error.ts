import { TandemError, type TandemErrorOptions } from './tandem-error.js';

/**
 * A test app given the `compare` option found differences between its target and the candidate:
 * `api.close()` rejects with it (outside `tandem test`, which prints the run's summary instead).
 * The message is the summary: totals, then each field that differs, noise apart.
 *
 * @example
 * const api = createTestApp(createApp, { compare: 'loopback' });
 * await api.get('/notes').expect(200);
 * await api.close(); // → ParityError (TANDEM_PARITY): tandem: parity app (in-process) vs app (loopback) — 1 requests compared, …
 */
export class ParityError extends TandemError {
  readonly code = 'TANDEM_PARITY';
  /** Fields that differ and are not noise. */
  readonly differences: number;

  constructor(message: string, differences: number, options: TandemErrorOptions = {}) {
    super(message, options);
    this.differences = differences;
  }
}
