/** Error responses as RFC 9457 problem details (`application/problem+json`). */
import type { FieldError } from './note.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://notes.example/problems/';

/** The problem types this service answers with, by name. */
export const PROBLEMS = {
  'validation': { status: 400, title: 'The request is not valid' },
  'malformed-json': { status: 400, title: 'The body is not valid JSON' },
  'not-found': { status: 404, title: 'Not found' },
  'version-conflict': { status: 409, title: 'The note has changed since that version' },
  'payload-too-large': { status: 413, title: 'The body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'unavailable': { status: 503, title: 'A dependency is unavailable' },
  'internal': { status: 500, title: 'Internal error' },
} as const;

export type ProblemName = keyof typeof PROBLEMS;

/**
 * A problem+json response.
 *
 * @example
 * problem('not-found', { detail: 'no note 42', instance: '/notes/42' }); // Response 404
 */
export function problem(name: ProblemName, extra: Omit<Partial<Problem>, 'type' | 'title' | 'status'> = {}): Response {
  const { status, title } = PROBLEMS[name];
  const body: Problem = { type: TYPE_BASE + name, title, status, ...extra };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });
}
