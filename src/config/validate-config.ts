/**
 * Checks a loaded config against a JSON Schema built from the known options (ajv), and turns the
 * first problem into an `OptionError` naming the file, the key and what was expected there.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ConfigError } from '../errors/config-error.js';
import { OptionError } from '../errors/option-error.js';
import { redactUrl } from '../format/redact.js';
import { parseTargetUrl } from '../targets/classify-app.js';
import type { TandemConfig } from './config-types.js';
import { OPTION_KEYS, OPTION_SCHEMAS } from './option-schemas.js';
import { compileOptionSchema, describeValue, didYouMean, firstProblem, segmentsOf, valueAt } from './option-validator.js';

/** Target names: no `:` or `/`, so a name is never mistaken for a URL. */
const TARGET_NAME = '^[A-Za-z0-9][A-Za-z0-9._-]*$';

/** The keys of the config's top level and of a target, besides the options. */
const TOP_KEYS = ['app', 'targets', 'command'] as const;
const TARGET_KEYS = ['url'] as const;

const EXPECTED: Record<string, string> = {
  app: 'a function that returns the app (or a promise of it), e.g. () => import(\'./src/app.js\').then((m) => m.createApp())',
  targets: 'an object of target names to { url, …options }',
  command: 'a command line (a string) or its words (a non-empty array of strings)',
  url: 'an absolute http:// or https:// URL without query or fragment',
};

function optionProperties(): Record<string, unknown> {
  return Object.fromEntries(OPTION_KEYS.map((key) => [key, OPTION_SCHEMAS[key].schema]));
}

/** The JSON Schema of a config file's default export. */
function configSchema(): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      ...optionProperties(),
      app: { isFunction: true },
      targets: {
        type: 'object',
        propertyNames: { pattern: TARGET_NAME },
        additionalProperties: {
          type: 'object',
          properties: { url: { type: 'string' }, ...optionProperties() },
          required: ['url'],
          additionalProperties: false,
        },
      },
      command: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
    },
    additionalProperties: false,
  };
}

let validator: ValidateFunction | undefined;

function keysOf(level: 'top' | 'target'): string[] {
  return level === 'top' ? [...TOP_KEYS, ...OPTION_KEYS] : [...TARGET_KEYS, ...OPTION_KEYS];
}

/** Turns ajv's first error into a message naming the key and what it expects. */
function configErrorOf(file: string, config: unknown, error: ErrorObject): OptionError {
  const segments = segmentsOf(error.instancePath);
  const inTarget = segments[0] === 'targets' && segments.length >= 2;
  if (error.keyword === 'additionalProperties' && (segments.length === 0 || (inTarget && segments.length === 2))) {
    const unknown = String((error.params as { additionalProperty: string }).additionalProperty);
    const key = [...segments, unknown].join('.');
    const known = keysOf(segments.length === 0 ? 'top' : 'target');
    return new OptionError(`${file}: unknown key "${key}"${didYouMean(unknown, known)}; the known keys ${segments.length === 0 ? 'of a config' : 'of a target'} are: ${known.join(', ')}`, { file, key });
  }
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty: string }).missingProperty);
    const key = [...segments, missing].join('.');
    return new OptionError(`${file}: ${key} is missing: expected ${EXPECTED[missing] ?? 'a value'}`, { file, key });
  }
  const badName = (error as { propertyName?: string }).propertyName ?? (error.params as { propertyName?: string }).propertyName;
  if (badName !== undefined) {
    const name = String(badName);
    return new OptionError(`${file}: targets: the name ${JSON.stringify(name)} is not allowed: expected letters, digits, '.', '_' and '-' (no ':' or '/', so that a name is never taken for a URL)`, {
      file,
      key: `targets.${name}`,
    });
  }
  // The key an option's value sits under: `timeout`, or `targets.staging.timeout`; deeper paths name the option.
  const optionIndex = inTarget ? 2 : 0;
  const option = segments[optionIndex] ?? '';
  const keyPath = segments.slice(0, optionIndex + 1);
  const schema = (OPTION_SCHEMAS as Record<string, { expected: string; secret?: boolean }>)[option];
  const secret = schema?.secret === true;
  const expected = schema?.expected ?? EXPECTED[option] ?? error.message ?? 'another value';
  const key = keyPath.join('.') || '(the default export)';
  // A secret is described by the kind of the offending value itself, never by its content.
  const got = describeValue(valueAt(config, secret ? segments : keyPath), secret);
  const detail = segments.length > keyPath.length ? ` (at ${segments.join('.')}: ${error.message ?? 'invalid'})` : '';
  return new OptionError(`${file}: ${key}: expected ${expected}, got ${got}${detail}`, { file, key: keyPath.join('.') });
}

/**
 * Returns `config` if it is a valid config (typed), or throws a `ConfigError` for its first
 * problem: an unknown key (listing the known ones), a missing target URL, a value of the wrong kind.
 *
 * @example
 * checkConfig('/repo/tandem.config.json', { targets: { staging: { url: 'https://staging.example.com' } } });
 */
export function checkConfig(file: string, config: unknown): TandemConfig {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new ConfigError(`${file}: the default export must be a config object (export default defineConfig({ … })), got ${describeValue(config, false)}`, { file });
  }
  validator ??= compileOptionSchema(configSchema());
  const first = firstProblem(validator, config);
  if (first) throw configErrorOf(file, config, first);
  const checked = config as TandemConfig;
  for (const [name, target] of Object.entries(checked.targets ?? {})) {
    try {
      parseTargetUrl(target.url, `targets.${name}.url`);
    } catch (error) {
      throw new OptionError(`${file}: targets.${name}.url: expected ${EXPECTED.url}, got ${describeValue(redactUrl(String(target.url)), false)}`, { file, key: `targets.${name}.url`, cause: error });
    }
  }
  return checked;
}
