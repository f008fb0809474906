/** JSON pointers (RFC 6901) into an OpenAPI document, and following its local `$ref`s. */

export type Segments = readonly string[];

const escapeSegment = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapeSegment = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * A pointer as written in a `$ref` and in messages.
 *
 * @example
 * toPointer(['paths', '/notes/{id}', 'get']); // '#/paths/~1notes~1{id}/get'
 */
export function toPointer(segments: Segments): string {
  return `#${segments.map((s) => `/${escapeSegment(s)}`).join('')}`;
}

/** The same pointer as a URI fragment (percent-encoded), as ajv resolves it. */
export function toFragment(segments: Segments): string {
  return `#${segments.map((s) => `/${encodeURIComponent(escapeSegment(s))}`).join('')}`;
}

/** The segments of a local reference (`#/components/schemas/Note`), or undefined when it is not one. */
export function parseLocalRef(ref: string): string[] | undefined {
  if (!ref.startsWith('#')) return undefined;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined; // a malformed escape (`%zz`): not a reference tandem can follow
  }
  if (fragment === '') return [];
  if (!fragment.startsWith('/')) return undefined;
  return fragment.slice(1).split('/').map(unescapeSegment);
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at `segments` under `root`, or undefined. */
export function getAt(root: unknown, segments: Segments): unknown {
  let current = root;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** An object reached through any chain of local `$ref`s, and where it really is. */
export interface Resolved {
  readonly value: unknown;
  readonly at: Segments;
}

/**
 * Follows `$ref`s from `value` (found at `at`) to what they point at. Throws with a readable
 * reason for a reference that points nowhere, outside the document, or in a loop.
 */
export function resolveRefs(root: unknown, value: unknown, at: Segments): Resolved {
  let current = value;
  let where = at;
  const seen = new Set<string>();
  while (isRecord(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    const segments = parseLocalRef(ref);
    if (!segments) throw new Error(`$ref ${JSON.stringify(ref)} is not a reference into this document or a local file`);
    if (seen.has(ref)) throw new Error(`$ref ${JSON.stringify(ref)} is part of a loop of references`);
    seen.add(ref);
    const target = getAt(root, segments);
    if (target === undefined) throw new Error(`$ref ${JSON.stringify(ref)} points to nothing`);
    current = target;
    where = segments;
  }
  return { value: current, at: where };
}
