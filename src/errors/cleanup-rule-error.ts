import { TandemError } from './tandem-error.js';

/**
 * A cleanup rule matched a response but could not say how to delete what it created, e.g. the
 * rule's `delete: '/orders/{json.id}'` and the response body has no `id`. The request fails rather
 * than leave the resource behind unnoticed.
 *
 * @example
 * await assert.rejects(api.post('/orders').json({}), { code: 'TANDEM_CLEANUP_RULE' });
 */
export class CleanupRuleError extends TandemError {
  readonly code = 'TANDEM_CLEANUP_RULE';
}
