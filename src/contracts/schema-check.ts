/** `.expectSchema()`: the response's JSON body checked against a JSON Schema or a Standard Schema. */
import { ContractError, type ContractViolation } from '../errors/contract-error.js';
import type { TestResponse } from '../response/test-response.js';
import { ajvViolations, compileJsonSchema, type JsonSchema } from './json-schema.js';
import { isStandardSchema, standardSchemaViolations, type StandardSchemaV1 } from './standard-schema.js';

/** What `.expectSchema()` accepts. */
export type AnySchema = StandardSchemaV1 | JsonSchema;

const context = (res: TestResponse) => ({ request: res.request, response: res, target: res.target });

function fail(res: TestResponse, what: string, violations: ContractViolation[]): never {
  const count = violations.length === 1 ? '1 violation' : `${violations.length} violations`;
  throw new ContractError(`the JSON body does not match the ${what} (${count})`, { ...context(res), violations });
}

/**
 * The check `.expectSchema(schema)` adds. A JSON Schema is compiled here, when the request is
 * configured, so a schema that is not one is reported before anything is sent (the thrown error
 * says why). The check is synchronous for a JSON Schema and for Standard Schemas that validate
 * synchronously.
 */
export function schemaExpectation(schema: AnySchema): (res: TestResponse) => void | Promise<void> {
  if (isStandardSchema(schema)) {
    const what = `${schema['~standard'].vendor} schema`;
    return (res) => {
      const violations = standardSchemaViolations(schema, res.json);
      if (violations instanceof Promise) {
        return violations.then((found) => {
          if (found.length > 0) fail(res, what, found);
        });
      }
      if (violations.length > 0) fail(res, what, violations);
    };
  }
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) {
    throw new TypeError(`takes a JSON Schema (an object) or a Standard Schema (zod, valibot, arktype, …), got ${schema === null ? 'null' : Array.isArray(schema) ? 'an array' : typeof schema}`);
  }
  let validate;
  try {
    validate = compileJsonSchema(schema);
  } catch (error) {
    throw new TypeError(`the JSON Schema is not valid: ${(error as Error).message}`, { cause: error });
  }
  return (res) => {
    const data: unknown = res.json;
    if (!validate(data)) fail(res, 'JSON Schema', ajvViolations(validate.errors, data));
  };
}
