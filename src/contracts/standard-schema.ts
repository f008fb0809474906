/**
 * Standard Schema (https://standardschema.dev): zod, valibot, arktype and others validate through
 * the same `~standard.validate`, so tandem depends on the spec's types only, not on any of them.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ContractViolation } from '../errors/contract-error.js';
import { excerptValue, jsonPath, valueAt, type PathSegment } from './json-path.js';

/**
 * The Standard Schema v1 interface (from `@standard-schema/spec`) that zod, valibot, arktype and
 * others implement; `.expectSchema()` takes any of them and types `res.json` from its output.
 *
 * @example
 * const Title: StandardSchemaV1<unknown, string> = z.string();
 * const res = await api.get('/notes/1/title').expectSchema(Title); // res.json: string
 */
export type { StandardSchemaV1 };

/** Whether `value` implements Standard Schema v1. */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const props = (value as { '~standard'?: unknown })['~standard'];
  return typeof props === 'object' && props !== null && (props as { version?: unknown }).version === 1 && typeof (props as { validate?: unknown }).validate === 'function';
}

function segmentsOf(issue: StandardSchemaV1.Issue): PathSegment[] {
  return (issue.path ?? []).map((part) => {
    const key = typeof part === 'object' && part !== null ? part.key : part;
    return typeof key === 'number' ? key : String(key);
  });
}

/** A Standard Schema's issues as violations, each with its JSON path and the value found there. */
function issueViolations(issues: ReadonlyArray<StandardSchemaV1.Issue>, data: unknown): ContractViolation[] {
  return issues.map((issue) => {
    const segments = segmentsOf(issue);
    const value = excerptValue(valueAt(data, segments));
    return value === undefined ? { path: jsonPath(segments), message: issue.message } : { path: jsonPath(segments), message: issue.message, value };
  });
}

/**
 * Validates `data` with a Standard Schema: the violations, none when it matches. Synchronous when
 * the schema validates synchronously, a promise otherwise (zod with async refinements, for one).
 */
export function standardSchemaViolations(schema: StandardSchemaV1, data: unknown): ContractViolation[] | Promise<ContractViolation[]> {
  const result = schema['~standard'].validate(data);
  const toViolations = (outcome: StandardSchemaV1.Result<unknown>) => (outcome.issues ? issueViolations(outcome.issues, data) : []);
  return result instanceof Promise ? result.then(toViolations) : toViolations(result);
}
