/**
 * What the option checks share: one ajv instance with the keywords JSON cannot express (a
 * function, a RegExp, a Buffer or URL), the closest known name to a mistyped one, and values
 * described for a message without showing a secret.
 */
import { createRequire } from 'node:module';
import type { Ajv as AjvCore, ErrorObject, ValidateFunction } from 'ajv';
import { closestMatch } from 'leven';

const require = createRequire(import.meta.url);

/** What tandem's `instanceOf` keyword accepts, by name. */
export const INSTANCE_CHECKS: Readonly<Record<string, (data: unknown) => boolean>> = {
  Buffer: (data) => Buffer.isBuffer(data),
  URL: (data) => data instanceof URL,
};

let ajv: AjvCore | undefined;

/**
 * Compiles `schema` (draft-07, ajv in strict mode) with tandem's keywords: `isFunction`,
 * `isRegExp`, and `instanceOf` (`'Buffer'` or `'URL'`). Compile once and keep the function.
 *
 * @example
 * const check = compileOptionSchema({ type: 'object', properties: { url: { instanceOf: 'URL' } } });
 * firstProblem(check, { url: 'x' }); // an ajv ErrorObject
 */
export function compileOptionSchema(schema: Record<string, unknown>): ValidateFunction {
  if (!ajv) {
    const Ajv = (require('ajv') as { default: new (options: object) => AjvCore }).default;
    // The schemas are tandem's own, fixed in code and covered by its tests: checking them against
    // the meta-schema on every start would cost more than the options' own checks (it is slow).
    ajv = new Ajv({ allErrors: false, strict: true, logger: false, validateSchema: false, addUsedSchema: false });
    ajv.addKeyword({ keyword: 'isFunction', schemaType: 'boolean', validate: (_: boolean, data: unknown) => typeof data === 'function', errors: false });
    ajv.addKeyword({ keyword: 'isRegExp', schemaType: 'boolean', validate: (_: boolean, data: unknown) => data instanceof RegExp, errors: false });
    ajv.addKeyword({ keyword: 'instanceOf', schemaType: 'string', validate: (name: string, data: unknown) => INSTANCE_CHECKS[name]?.(data) ?? false, errors: false });
  }
  return ajv.compile(schema);
}

/**
 * The first problem `check` finds in `data`, or undefined when there is none.
 *
 * @example
 * const problem = firstProblem(check, options);
 */
export function firstProblem(check: ValidateFunction, data: unknown): ErrorObject | undefined {
  return check(data) ? undefined : check.errors?.[0];
}

/**
 * The path segments of an ajv `instancePath` (`/targets/staging/timeout`).
 *
 * @example
 * segmentsOf('/targets/staging/timeout'); // ['targets', 'staging', 'timeout']
 */
export function segmentsOf(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The value at `segments` in `data`, or undefined.
 *
 * @example
 * valueAt({ ready: { path: 3 } }, ['ready', 'path']); // 3
 */
export function valueAt(data: unknown, segments: readonly string[]): unknown {
  let current = data;
  for (const segment of segments) current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
  return current;
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' || typeof value === 'undefined' ? `an ${typeof value}` : `a ${typeof value}`;
}

/**
 * A value as a message shows it: as given (JSON, cut at 80 characters), or only its kind when it
 * may be a secret.
 *
 * @example
 * describeValue('30s', false); // '"30s"'
 * describeValue(['Bearer x'], true); // 'an array (not shown: it may be a secret)'
 */
export function describeValue(value: unknown, secret: boolean): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  if (value instanceof RegExp) return String(value);
  if (secret) return `${describeKind(value)} (not shown: it may be a secret)`;
  if (typeof value === 'symbol' || typeof value === 'bigint') return value.toString();
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    return describeKind(value); // a cycle
  }
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/**
 * ` (did you mean \`readOnly\`?)` when a known name is close to `unknown` (the same but for case,
 * or a typo or two away), else nothing.
 *
 * @example
 * didYouMean('timout', ['timeout', 'target']); // ' (did you mean `timeout`?)'
 */
export function didYouMean(unknown: string, known: readonly string[]): string {
  const lowered = known.map((name) => name.toLowerCase());
  const maxDistance = Math.max(1, Math.min(3, Math.floor(unknown.length / 3)));
  const match = closestMatch(unknown.toLowerCase(), lowered, { maxDistance });
  return match === undefined ? '' : ` (did you mean \`${known[lowered.indexOf(match)]}\`?)`;
}
