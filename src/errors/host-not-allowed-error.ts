import { TandemError } from './tandem-error.js';

/**
 * A request to a host that is not on `allowHosts` was refused before anything was sent (also a
 * redirect hop, and a request made through `api.fetch`).
 *
 * @example
 * const api = createTestApp('https://api.example.com', { allowHosts: ['staging.example.com'] });
 * await assert.rejects(api.get('/'), { code: 'TANDEM_HOST_NOT_ALLOWED' });
 */
export class HostNotAllowedError extends TandemError {
  readonly code = 'TANDEM_HOST_NOT_ALLOWED';

  /** Refused before it was sent: its message shows no command that would send it. */
  protected override get reproducible(): boolean {
    return false;
  }
}
