/** Turns what `api.track()` and the rules are given into ledger entries. */
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import type { TrackedResource } from './cleanup-rules.js';
import type { NewEntry } from './ledger-entry.js';

/** A resource removed by `DELETE <url>`, sent by `sendDelete`; the run file can replay it. */
export function deleteEntry(url: string, sendDelete: (url: string) => Promise<unknown>): NewEntry {
  return { method: 'DELETE', url, remove: () => sendDelete(url), sweepable: true };
}

/** A resource removed by its own function: cleaned in-process, reported (not swept) after a crash. */
export function customEntry(resource: TrackedResource): NewEntry {
  if (typeof resource !== 'object' || resource === null || typeof resource.delete !== 'function') {
    throw new InvalidRequestError(`api.track() takes a URL or path to DELETE, or { delete: () => Promise<unknown>, describe?: string }; got ${typeof resource}`);
  }
  const remove = resource.delete;
  return { method: 'custom', url: resource.describe ?? 'custom resource', remove: async () => remove(), sweepable: false };
}
