import { TandemError } from './tandem-error.js';

/**
 * An unsafe request (POST, PUT, PATCH, DELETE, …) to a read-only target was refused before
 * anything was sent. The message names the test that tried and how to allow it: wrap the test in
 * `allowWrites(...)`, or create the test app with `readOnly: false`.
 *
 * @example
 * const api = createTestApp('https://api.prod.example.com');
 * await assert.rejects(api.post('/notes').json({}), { code: 'TANDEM_READ_ONLY' });
 */
export class ReadOnlyError extends TandemError {
  readonly code = 'TANDEM_READ_ONLY';

  /** Refused before it was sent: its message shows no command that would send it. */
  protected override get reproducible(): boolean {
    return false;
  }
}
