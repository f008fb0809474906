/**
 * Options of the common plain kinds (`timeout: 5000`, `readOnly: true`, a run id, `config: false`)
 * accepted without loading ajv: a value is let through here only when the few keywords its schema
 * uses certainly hold. Anything else — a schema with other keywords, a value that does not fit —
 * goes to ajv, which stays the judge and words the failure.
 */
import { INSTANCE_CHECKS } from './option-validator.js';

/** The keywords judged here; a schema with any other one is left to ajv. */
const PLAIN_KEYWORDS = new Set(['type', 'const', 'enum', 'minLength', 'pattern', 'minimum', 'exclusiveMinimum', 'anyOf', 'instanceOf', 'isFunction', 'isRegExp']);
/** One RegExp per pattern, compiled as ajv compiles it (`u` flag). */
const patterns = new Map<string, RegExp>();

function hasType(type: unknown, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return false;
  }
}

function matches(pattern: unknown, value: string): boolean {
  if (typeof pattern !== 'string') return false;
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(pattern, 'u')));
  return re.test(value);
}

/**
 * True when `value` certainly satisfies `schema`, judged by plain keywords only (`type`, `const`,
 * `enum`, `minLength`, `pattern`, `minimum`, `exclusiveMinimum`, `anyOf`, and tandem's
 * `instanceOf`, `isFunction`, `isRegExp`); false when it does not, or when the schema uses any
 * other keyword. False never means invalid: ajv decides then.
 *
 * @example
 * plainlyValid({ type: 'number', exclusiveMinimum: 0 }, 5000); // true
 * plainlyValid({ type: 'object', additionalProperties: { type: 'string' } }, {}); // false: for ajv
 */
export function plainlyValid(schema: Readonly<Record<string, unknown>>, value: unknown): boolean {
  for (const keyword of Object.keys(schema)) if (!PLAIN_KEYWORDS.has(keyword)) return false;
  const { type, anyOf, minLength, pattern, minimum, exclusiveMinimum, instanceOf } = schema;
  if (anyOf !== undefined && !(Array.isArray(anyOf) && anyOf.some((branch: Readonly<Record<string, unknown>>) => plainlyValid(branch, value)))) return false;
  if (type !== undefined && !hasType(type, value)) return false;
  if ('const' in schema && !(value === schema.const && (value === null || typeof value !== 'object'))) return false;
  if (schema.enum !== undefined && !(Array.isArray(schema.enum) && typeof value !== 'object' && schema.enum.includes(value))) return false;
  if (minLength !== undefined || pattern !== undefined) {
    if (typeof value !== 'string' || type !== 'string') return false;
    if (minLength !== undefined && !(typeof minLength === 'number' && [...value].length >= minLength)) return false;
    if (pattern !== undefined && !matches(pattern, value)) return false;
  }
  if (minimum !== undefined || exclusiveMinimum !== undefined) {
    if (typeof value !== 'number' || (type !== 'number' && type !== 'integer')) return false;
    if (minimum !== undefined && !(typeof minimum === 'number' && value >= minimum)) return false;
    if (exclusiveMinimum !== undefined && !(typeof exclusiveMinimum === 'number' && value > exclusiveMinimum)) return false;
  }
  if (instanceOf !== undefined && !(typeof instanceOf === 'string' && (INSTANCE_CHECKS[instanceOf]?.(value) ?? false))) return false;
  if (schema.isFunction !== undefined && !(schema.isFunction === true && typeof value === 'function')) return false;
  if (schema.isRegExp !== undefined && !(schema.isRegExp === true && value instanceof RegExp)) return false;
  return true;
}
