/**
 * The one list of options, each with its JSON Schema and what it expects in words (for error
 * messages): the ones a config file accepts, and the ones only code can give. Options in code, in
 * a config file and on the command line are all checked against these. It is keyed by the options'
 * type: an option added to `TestAppOptions` without an entry here fails the type check (see
 * `_everyOptionHasASchema`).
 */
import type { TestAppOptions } from './test-app-options.js';
import { LINT_RULES } from '../targets/lint/options.js';
import type { ConfigurableOptions } from './config-types.js';

/** A JSON Schema (draft-07, as ajv checks it) and its meaning in words. */
export interface OptionSchema {
  readonly schema: Readonly<Record<string, unknown>>;
  /** Completes "expected …" in an error message. */
  readonly expected: string;
  /** True when values must never be printed (header values are often credentials). */
  readonly secret?: boolean;
}

const positiveMs = { type: 'number', exclusiveMinimum: 0 } as const;

export const OPTION_SCHEMAS = {
  headers: {
    schema: { type: 'object', additionalProperties: { type: 'string' } },
    expected: 'an object of header names to string values',
    secret: true,
  },
  timeout: { schema: positiveMs, expected: 'a positive number of milliseconds' },
  maxBodyBytes: { schema: { type: 'integer', minimum: 0 }, expected: 'a whole number of bytes' },
  ca: {
    schema: { anyOf: [{ type: 'string' }, { instanceOf: 'Buffer' }, { type: 'array', items: { anyOf: [{ type: 'string' }, { instanceOf: 'Buffer' }] } }] },
    expected: 'a PEM certificate (a string or a Buffer) or an array of them',
  },
  followRedirects: {
    schema: { anyOf: [{ type: 'boolean' }, { type: 'integer', minimum: 0 }] },
    expected: 'true, false or a whole number of hops',
  },
  lint: {
    schema: {
      anyOf: [
        { type: 'boolean' },
        { type: 'object', properties: Object.fromEntries(LINT_RULES.map((rule) => [rule, { type: 'boolean' }])), additionalProperties: false },
      ],
    },
    expected: `true, false or an object turning rules on or off (${LINT_RULES.join(', ')})`,
  },
  ready: {
    schema: {
      anyOf: [
        { type: 'string', pattern: '^/' },
        {
          type: 'object',
          properties: { path: { type: 'string', pattern: '^/' }, timeout: positiveMs, interval: { type: 'number', minimum: 0 } },
          required: ['path'],
          additionalProperties: false,
        },
      ],
    },
    expected: "a path starting with '/', or { path, timeout?, interval? } (milliseconds)",
  },
  record: {
    schema: {
      anyOf: [
        { type: 'string', pattern: '\\S' },
        { type: 'object', properties: { har: { type: 'string', pattern: '\\S' } }, required: ['har'], additionalProperties: false },
        { const: false },
      ],
    },
    expected: 'a HAR file path, { har: path }, or false',
  },
  openapi: {
    schema: { anyOf: [{ type: 'string', minLength: 1 }, { instanceOf: 'URL' }, { type: 'object' }] },
    expected: 'the path or file URL of an OpenAPI document (YAML or JSON), or the document as an object',
  },
  validateRequests: { schema: { type: 'boolean' }, expected: 'true or false' },
  coverage: {
    schema: { anyOf: [{ type: 'boolean' }, { type: 'string', minLength: 1 }] },
    expected: 'true, false or a coverage directory',
  },
  runHeader: { schema: { anyOf: [{ type: 'string', minLength: 1 }, { const: false }] }, expected: 'a header name, or false' },
  cleanup: {
    schema: {
      type: 'object',
      properties: {
        rules: {
          type: 'array',
          items: {
            anyOf: [
              { isFunction: true },
              {
                type: 'object',
                properties: { method: { type: 'string' }, path: { anyOf: [{ type: 'string' }, { isRegExp: true }] }, delete: { type: 'string' } },
                required: ['path', 'delete'],
                additionalProperties: false,
              },
            ],
          },
        },
        auto: { type: 'boolean' },
        attempts: { type: 'integer', minimum: 1 },
      },
      additionalProperties: false,
    },
    expected: '{ rules?: [{ method?, path, delete } or functions], auto?: boolean, attempts?: a whole number ≥ 1 }',
  },
  ledgerDir: { schema: { type: 'string', minLength: 1 }, expected: 'a directory path' },
  readOnly: { schema: { type: 'boolean' }, expected: 'true or false' },
  allowHosts: { schema: { type: 'array', items: { type: 'string', pattern: '^[^/\\s]+$' } }, expected: "an array of host names ('host', 'host:port', '*.example.com')" },
  secrets: { schema: { type: 'array', items: { type: 'string' } }, expected: 'an array of strings', secret: true },
  compare: {
    schema: {
      anyOf: [
        { type: 'string', pattern: '\\S' },
        { const: false },
        {
          type: 'object',
          properties: {
            target: { type: 'string', pattern: '\\S' },
            noise: { type: 'string', pattern: '\\S' },
            writes: { type: 'boolean' },
            ignoreHeaders: { type: 'array', items: { type: 'string', pattern: '^[!#$%&\'*+.^_`|~0-9A-Za-z-]+$' } },
            reportOnly: { type: 'boolean' },
          },
          required: ['target'],
          additionalProperties: false,
        },
      ],
    },
    expected: "a URL, a target name, 'local' or 'loopback', { target, noise?, writes?, ignoreHeaders?, reportOnly? }, or false",
  },
  secretFields: { schema: { type: 'array', items: { type: 'string', minLength: 1 } }, expected: 'an array of body field names' },
} as const satisfies { readonly [K in keyof ConfigurableOptions]: OptionSchema };

/**
 * Fails the type check, naming the option, when `TestAppOptions` gains an option that
 * {@link OPTION_SCHEMAS} does not list: add it there (or leave it out of `ConfigurableOptions`).
 */
type OptionsWithoutSchema = Exclude<keyof ConfigurableOptions, keyof typeof OPTION_SCHEMAS>;
const _everyOptionHasASchema: [OptionsWithoutSchema] extends [never] ? true : { missingSchemaFor: OptionsWithoutSchema } = true;

/** The option names a config file (and each of its targets) accepts. */
export const OPTION_KEYS = Object.keys(OPTION_SCHEMAS) as Array<keyof typeof OPTION_SCHEMAS>;

/** The options only code gives: what a test app must know the moment it is created. */
export const CODE_OPTION_SCHEMAS = {
  target: {
    schema: { anyOf: [{ type: 'string' }, { instanceOf: 'URL' }] },
    expected: 'a URL, or the name of a target in the config file',
  },
  transport: { schema: { enum: ['in-process', 'loopback'] }, expected: "'in-process' or 'loopback'" },
  origin: { schema: { type: 'string', minLength: 1 }, expected: "an http:// or https:// origin, e.g. 'http://localhost'" },
  runId: { schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' }, expected: "letters, digits, '.', '_' and '-' (at most 64)" },
  config: { schema: { anyOf: [{ type: 'string', minLength: 1 }, { const: false }] }, expected: 'a config file path, or false' },
  env: { schema: { type: 'object' }, expected: 'an object of environment variables (like process.env)' },
} as const satisfies { readonly [K in Exclude<keyof TestAppOptions, keyof ConfigurableOptions>]-?: OptionSchema };

/** Every option `createTestApp` accepts: the config file's and the code-only ones. */
export const ALL_OPTION_SCHEMAS: Readonly<Record<string, OptionSchema>> = { ...CODE_OPTION_SCHEMAS, ...OPTION_SCHEMAS };
