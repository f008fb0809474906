/** Names, emails and slugs tagged with the run id, so runs and parallel workers never collide. */
import { randomBytes } from 'node:crypto';

/**
 * `api.unique`: a function for names and slugs, with `.email()` for addresses.
 *
 * @example
 * await api.post('/users').json({ name: api.unique('user'), email: api.unique.email('user') }).expect(201);
 */
export interface Unique {
  /**
   * A name no other call, worker or run returns: `<label>-<run id>-<n><random>`, lower case,
   * letters, digits and `-` only (usable as a slug).
   *
   * @example
   * api.unique('note'); // 'note-20250314-153012-4f9a2c-1k3f9'
   */
  (label?: string): string;
  /**
   * An address at a domain reserved for examples (RFC 2606) by default:
   * `<label>+<run id>-<n><random>@example.com`.
   *
   * @example
   * api.unique.email('alice'); // 'alice+20250314-153012-4f9a2c-2p0x1@example.com'
   */
  email(label?: string, domain?: string): string;
}

function clean(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * Makes the `unique` of one run. A counter keeps one process's names apart; four random base-36
 * characters keep apart the workers that share a run id.
 */
export function createUnique(runId: string): Unique {
  const tag = clean(runId);
  let counter = 0;
  const suffix = () => `${tag}-${(++counter).toString(36)}${(randomBytes(3).readUIntBE(0, 3) % 36 ** 4).toString(36).padStart(4, '0')}`;
  const unique = (label = 'x') => `${clean(label) || 'x'}-${suffix()}`;
  unique.email = (label = 'user', domain = 'example.com') => `${clean(label) || 'user'}+${suffix()}@${domain}`;
  return unique;
}
