/**
 * The ids that differ between the primary and the candidate because each created its own
 * resource: learned from the `Location` header and the top-level JSON `id` of the answers to one
 * request, then used to send later requests to the candidate's own resource (`GET /notes/7` on the
 * primary goes to `/notes/<the candidate's id>`) and not to count a mapped id as a difference.
 */
import type { ComparedResponse } from './diff-responses.js';

const utf8 = new TextDecoder();

function segments(path: string): string[] {
  return path.split('/');
}

function locationPath(response: ComparedResponse, base: URL): string | undefined {
  const location = response.headers.get('location');
  if (location === null) return undefined;
  try {
    return new URL(location, base).pathname;
  } catch {
    return undefined;
  }
}

function jsonId(response: ComparedResponse): string | undefined {
  if (!/json/i.test(response.headers.get('content-type') ?? '')) return undefined;
  try {
    const value = JSON.parse(utf8.decode(response.body)) as unknown;
    const id = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { id?: unknown }).id : undefined;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The ids a response names as created: its `Location`'s path segments and its top-level JSON `id`.
 *
 * @example
 * createdIds(response, new URL('http://x/notes')); // ['7'] for `Location: /notes/7`
 */
export function createdIds(response: ComparedResponse, base: URL): string[] {
  const ids = new Set<string>();
  const path = locationPath(response, base);
  if (path !== undefined) {
    const last = segments(path).filter((s) => s !== '').pop();
    if (last !== undefined) ids.add(last);
  }
  const id = jsonId(response);
  if (id !== undefined) ids.add(id);
  return [...ids];
}

/**
 * The primary's ids mapped to the candidate's, and the resources only the primary has.
 *
 * @example
 * const ids = new IdMap();
 * ids.learn(primaryAnswer, candidateAnswer, url); // Location /notes/7 and /notes/12
 * ids.rewrite(new URL('http://a/notes/7')).pathname; // '/notes/12'
 */
export class IdMap {
  readonly #ids = new Map<string, string>();
  /** Ids the primary created without the candidate doing the same, with what created them. */
  readonly #onlyPrimary = new Map<string, string>();

  /** Learns the ids in which two answers to one request differ. */
  learn(primary: ComparedResponse, candidate: ComparedResponse, url: URL): void {
    const a = locationPath(primary, url);
    const b = locationPath(candidate, url);
    if (a !== undefined && b !== undefined) {
      const xs = segments(a);
      const ys = segments(b);
      if (xs.length === ys.length) xs.forEach((x, i) => x !== ys[i] && x !== '' && this.#ids.set(decodeURIComponent(x), decodeURIComponent(ys[i]!)));
    }
    const x = jsonId(primary);
    const y = jsonId(candidate);
    if (x !== undefined && y !== undefined && x !== y) this.#ids.set(x, y);
  }

  /** Notes what the primary created by a request the candidate did not get (`createdBy`, e.g. `POST /notes`). */
  learnOnlyPrimary(primary: ComparedResponse, url: URL, createdBy: string): void {
    for (const id of createdIds(primary, url)) this.#onlyPrimary.set(id, createdBy);
  }

  /** What created the resource `url` names, when only the primary has it; undefined otherwise. */
  onlyPrimary(url: URL): string | undefined {
    if (this.#onlyPrimary.size === 0) return undefined;
    for (const segment of segments(url.pathname)) {
      const createdBy = this.#onlyPrimary.get(decodeURIComponent(segment));
      if (createdBy !== undefined) return createdBy;
    }
    return undefined;
  }

  /** `url` with the primary's ids in its path replaced by the candidate's (the same URL when none is mapped). */
  rewrite(url: URL): URL {
    if (this.#ids.size === 0) return url;
    let changed = false;
    const path = segments(url.pathname).map((segment) => {
      const mapped = this.#ids.get(decodeURIComponent(segment));
      if (mapped === undefined) return segment;
      changed = true;
      return encodeURIComponent(mapped);
    });
    if (!changed) return url;
    const rewritten = new URL(url.href);
    rewritten.pathname = path.join('/');
    return rewritten;
  }

  /** Whether `candidate` is `primary` with the primary's ids replaced by the candidate's (an id, or a path). */
  same(primary: string, candidate: string): boolean {
    if (this.#ids.size === 0) return false;
    if (this.#ids.get(primary) === candidate) return true;
    if (!primary.includes('/')) return false;
    return segments(primary).map((s) => this.#ids.get(decodeURIComponent(s)) ?? s).join('/') === candidate;
  }
}
