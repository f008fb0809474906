/**
 * Options given in code (`createTestApp`, `useTestApp`) and on the command line, checked against
 * the same schemas as a config file's, when the test app is created: an unknown option or a value
 * of the wrong kind fails there, before any request, with an `OptionError`.
 */
import type { ValidateFunction } from 'ajv';
import type { TestAppOptions } from './test-app-options.js';
import { OptionError } from '../errors/option-error.js';
import { ALL_OPTION_SCHEMAS } from './option-schemas.js';
import { plainlyValid } from './plain-check.js';
import { compileOptionSchema, describeValue, didYouMean, firstProblem, segmentsOf, valueAt } from './option-validator.js';

const KNOWN = Object.keys(ALL_OPTION_SCHEMAS);
/** One compiled schema per option, compiled when an option is first checked. */
const validators = new Map<string, ValidateFunction>();

/**
 * Throws when `value`, given for option `name` and written as `shown`, does not fit its schema;
 * `expected` replaces the schema's words (a flag takes fewer forms than the option).
 */
function checkValue(name: string, value: unknown, shown: string, expected = ALL_OPTION_SCHEMAS[name]!.expected): void {
  const { schema, secret = false } = ALL_OPTION_SCHEMAS[name]!;
  if (plainlyValid(schema, value)) return; // ajv loads only for what this cannot judge
  let check = validators.get(name);
  if (!check) validators.set(name, (check = compileOptionSchema({ ...schema })));
  const error = firstProblem(check, value);
  if (!error) return;
  const segments = segmentsOf(error.instancePath);
  const deeper = segments.length > 0 ? ` (at ${[shown, ...segments].join('.')}: ${error.message ?? 'invalid'})` : '';
  // A secret is described by the kind of the offending value itself, never by its content.
  const got = describeValue(secret ? valueAt(value, segments) : value, secret);
  throw new OptionError(`${shown}: expected ${expected}, got ${got}${deeper}`, { key: name });
}

/**
 * Checks the options given to `createTestApp` (or `useTestApp`): throws an `OptionError` for an
 * unknown option (suggesting the known one it resembles: `readonly` → `readOnly`, and listing them
 * all) or for a value of the wrong kind (naming the option, what it expects and what was given;
 * `headers` and `secrets` are never shown). An option set to `undefined` counts as not given.
 *
 * @example
 * checkOptions({ timeout: 5000, readOnly: true }); // fine
 * checkOptions({ timout: 100 }); // throws: unknown option "timout" (did you mean `timeout`?) …
 */
export function checkOptions(options: unknown): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new OptionError(`createTestApp(app, options): options must be an object, got ${describeValue(options, false)}`);
  }
  for (const [key, value] of Object.entries(options)) {
    if (!Object.hasOwn(ALL_OPTION_SCHEMAS, key)) {
      throw new OptionError(`createTestApp(app, options): unknown option "${key}"${didYouMean(key, KNOWN)}; the known options are: ${KNOWN.join(', ')}`, { key });
    }
    if (value !== undefined) checkValue(key, value, `options.${key}`);
  }
}

/**
 * Checks one option given on the command line (`--ready health`) against its schema; throws an
 * `OptionError` naming the flag, what it expects (`expected`, else the option's own words) and
 * the value given.
 *
 * @example
 * checkOption('ready', '/health', '--ready'); // fine
 * checkOption('ready', 'health', '--ready', "a path starting with '/'"); // throws: --ready: expected a path starting with '/', got "health"
 */
export function checkOption<K extends keyof TestAppOptions>(name: K, value: TestAppOptions[K], shown: string, expected?: string): void {
  checkValue(name, value, shown, expected);
}
