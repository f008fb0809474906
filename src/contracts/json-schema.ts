/**
 * JSON Schema validation through ajv: draft 2020-12 (the default), 2019-09, draft-07 and
 * draft-06, chosen by the schema's `$schema`, with ajv-formats. Each schema object is compiled
 * once (cached by identity). ajv is loaded on first use, so tests that never check a schema do not
 * pay for it.
 */
import { createRequire } from 'node:module';
import type { Ajv as AjvCore, ErrorObject, ValidateFunction } from 'ajv';
import type { ContractViolation } from '../errors/contract-error.js';
import { excerptValue, jsonPath, pointerSegments, valueAt, type PathSegment } from './json-path.js';

const require = createRequire(import.meta.url);

/**
 * A keyword tandem puts in place of a property that must not appear (`readOnly` in a request,
 * `writeOnly` in a response); its value is the flag. Its violations show no value.
 */
export const FORBIDDEN_KEYWORD = 'x-tandem-forbidden';

/**
 * A JSON Schema: an object (or `true`/`false`).
 *
 * @example
 * const note: JsonSchema = { type: 'object', required: ['title'], properties: { title: { type: 'string' } } };
 * await api.get('/notes/1').expectSchema(note);
 */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** The dialects `.expectSchema()` accepts, by `$schema`. */
type Dialect = '2020-12' | '2019-09' | 'draft-07' | 'draft-06';

const DIALECTS: ReadonlyArray<[RegExp, Dialect]> = [
  [/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/, '2020-12'],
  [/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/, '2019-09'],
  [/^https?:\/\/json-schema\.org\/draft-07\/schema#?$/, 'draft-07'],
  [/^https?:\/\/json-schema\.org\/draft-06\/schema#?$/, 'draft-06'],
];

/** The dialect a schema declares (2020-12 when it declares none); throws on one ajv cannot check. */
function dialectOf(schema: JsonSchema): Dialect {
  if (typeof schema === 'boolean' || schema.$schema === undefined) return '2020-12';
  const declared = typeof schema.$schema === 'string' ? schema.$schema : JSON.stringify(schema.$schema);
  const found = DIALECTS.find(([pattern]) => pattern.test(declared));
  if (!found) throw new Error(`$schema ${JSON.stringify(declared)} is not a dialect tandem checks; use draft 2020-12 (the default), 2019-09, draft-07 or draft-06`);
  return found[1];
}

/** The ajv options every instance shares: report every violation; tolerate unknown keywords. */
export const AJV_OPTIONS = { allErrors: true, strict: false, logger: false, validateFormats: true } as const;

const instances = new Map<Dialect, AjvCore>();

/** Adds the formats of ajv-formats (email, uri, date-time, uuid, …) to an ajv instance. */
export function addStandardFormats(ajv: AjvCore): AjvCore {
  const addFormats = (require('ajv-formats') as { default: (ajv: AjvCore) => AjvCore }).default;
  return addFormats(ajv);
}

/** An ajv instance (with formats) for a dialect, made on first use. */
function ajvFor(dialect: Dialect): AjvCore {
  let ajv = instances.get(dialect);
  if (!ajv) {
    if (dialect === '2020-12') ajv = new (require('ajv/dist/2020') as { default: new (o: object) => AjvCore }).default(AJV_OPTIONS);
    else if (dialect === '2019-09') ajv = new (require('ajv/dist/2019') as { default: new (o: object) => AjvCore }).default(AJV_OPTIONS);
    else {
      ajv = new (require('ajv') as { default: new (o: object) => AjvCore }).default(AJV_OPTIONS);
      if (dialect === 'draft-06') ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
    }
    addStandardFormats(ajv);
    instances.set(dialect, ajv);
  }
  return ajv;
}

const compiled = new WeakMap<object, ValidateFunction>();
const compiledByText = new Map<string, ValidateFunction>();

/**
 * The validator of a JSON Schema, compiled once per schema: per object, and per JSON text, so that
 * a schema written inline (`.expectSchema({ type: 'object' })`, a new object on every request) is
 * not compiled again, nor kept again by ajv, for each request. Throws (with ajv's reason) when the
 * schema is not a valid schema of its dialect.
 */
export function compileJsonSchema(schema: JsonSchema): ValidateFunction {
  if (typeof schema === 'boolean') return ajvFor('2020-12').compile(schema);
  const cached = compiled.get(schema);
  if (cached) return cached;
  const text = JSON.stringify(schema);
  let validate = compiledByText.get(text);
  if (!validate) {
    const ajv = ajvFor(dialectOf(schema));
    // Another schema with the same $id was compiled before: this one replaces it.
    const id = typeof schema.$id === 'string' ? schema.$id : undefined;
    if (id && ajv.getSchema(id)) ajv.removeSchema(id);
    validate = ajv.compile(schema);
    compiledByText.set(text, validate);
  }
  compiled.set(schema, validate);
  return validate;
}

/** The segments of the instance an ajv error is about, the named property included where it names one. */
function errorSegments(error: ErrorObject, data: unknown): PathSegment[] {
  const segments = pointerSegments(error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  const property = params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty;
  if (typeof property === 'string') segments.push(property);
  return segments;
}

/** How a violation reads, from ajv's message, made to name what it is about. */
function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not allowed (additionalProperties)';
    case 'unevaluatedProperties':
      return 'is not allowed (unevaluatedProperties)';
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'type':
      return `must be ${String(params.type).split(',').join(' or ')}`;
    default:
      return error.message ?? error.keyword;
  }
}

/**
 * ajv's errors as violations: one per error (duplicates dropped), each with its JSON path and the
 * value found there. `if` errors ("must match then schema") only repeat the errors under them.
 */
export function ajvViolations(errors: readonly ErrorObject[] | null | undefined, data: unknown): ContractViolation[] {
  const seen = new Set<string>();
  const violations: ContractViolation[] = [];
  for (const error of errors ?? []) {
    if (error.keyword === 'if') continue;
    const segments = errorSegments(error, data);
    const path = jsonPath(segments);
    const message = describe(error);
    const key = `${path}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const value = error.keyword === 'required' || error.keyword === FORBIDDEN_KEYWORD ? undefined : excerptValue(valueAt(data, segments));
    violations.push(value === undefined ? { path, message } : { path, message, value });
  }
  return violations;
}
