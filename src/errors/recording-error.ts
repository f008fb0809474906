import { TandemError } from './tandem-error.js';

/**
 * The HAR recording (`record` option, `TANDEM_HAR`) could not be written: the message names the
 * file and why.
 *
 * @example
 * const api = createTestApp(app, { record: '/no-such-dir-and-no-permission/run.har' });
 * await api.get('/health');
 * await assert.rejects(api.close(), { code: 'TANDEM_RECORDING' });
 */
export class RecordingError extends TandemError {
  readonly code = 'TANDEM_RECORDING';
}
