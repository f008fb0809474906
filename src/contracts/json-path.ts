/** JSON paths (`$.items[2].title`) as violations name them, and the values found there. */
import { cut } from '../format/body-excerpt.js';

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The JSON path of a list of keys and indexes.
 *
 * @example
 * jsonPath(['items', 2, 'title']); // '$.items[2].title'
 * jsonPath(['a b']);               // '$["a b"]'
 */
export function jsonPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * The segments of a JSON pointer (`/items/2/title`) into `data`: a segment is a number where
 * `data` holds an array at that point.
 */
export function pointerSegments(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let current = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = Array.isArray(current) && /^(0|[1-9]\d*)$/.test(key) ? Number(key) : undefined;
    segments.push(index ?? key);
    current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  }
  return segments;
}

/** The value at `segments` in `data`, or undefined when there is none. */
export function valueAt(data: unknown, segments: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment as string];
  }
  return current;
}

/** A value as shown in a violation: compact JSON, cut short. */
export function excerptValue(value: unknown, limit = 120): string | undefined {
  if (value === undefined) return undefined;
  let text: string;
  try {
    // Values come from parsed JSON; anything else (a function, a cycle) is named by its type.
    text = JSON.stringify(value) ?? `(${typeof value})`;
  } catch {
    text = `(${typeof value})`;
  }
  return cut(text, limit);
}
