import { TandemError } from './tandem-error.js';

/**
 * A form, field, option or submit button the test named does not exist on the page, or cannot be
 * used as asked (a disabled field, a value the input type refuses). The message lists the valid choices.
 *
 * @example
 * const res = await api.get('/login');
 * assert.throws(() => res.form.set('usr', 'ann'), { code: 'TANDEM_FORM' });
 */
export class FormError extends TandemError {
  readonly code = 'TANDEM_FORM';
}
