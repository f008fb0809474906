/**
 * The schemas of an OpenAPI document made into plain JSON Schema 2020-12 for ajv, once per
 * direction:
 * - 3.0's dialect converted: `nullable`, boolean `exclusiveMinimum`/`exclusiveMaximum`, and the
 *   rule that a `$ref`'s siblings are ignored;
 * - `discriminator` (with or without `mapping`) turned into the choice it describes, so that a body
 *   is checked against the one schema its discriminator names (ajv's own support refuses `mapping`);
 * - `readOnly` properties forbidden in requests and `writeOnly` ones in responses (and not
 *   required there), as the specification says.
 * Written by hand because no maintained library does this for both 3.0 and 3.1 with ajv 8.
 */
import { FORBIDDEN_KEYWORD as FORBIDDEN } from '../json-schema.js';
import { getAt, isRecord, parseLocalRef, resolveRefs } from './pointer.js';

export type Direction = 'request' | 'response';
export type OpenApiVersion = '3.0' | '3.1';

/** Keywords whose value is a schema. */
const SCHEMA_KEYWORDS = ['additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'additionalItems', 'items', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'contentSchema'];
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

interface Context {
  /** The copy being prepared, to reach what its `$ref`s point at. */
  readonly copy: Record<string, unknown>;
  readonly version: OpenApiVersion;
  readonly direction: Direction;
  /** The document before any change, to look behind `$ref`s. */
  readonly original: Record<string, unknown>;
  readonly seen: Set<object>;
  /** Where the schemas that `$ref`s lead to are, by their segments joined with `/`. */
  readonly targets: Map<string, string[]>;
}

/** Whether a property's schema, or what its `$ref`s lead to, carries `flag: true`. */
function hasFlag(ctx: Context, schema: unknown, flag: 'readOnly' | 'writeOnly'): boolean {
  let current = schema;
  for (let hops = 0; hops < 20 && isRecord(current); hops++) {
    if (current[flag] === true) return true;
    if (typeof current.$ref !== 'string') return false;
    const segments = parseLocalRef(current.$ref);
    if (!segments) return false;
    current = getAt(ctx.original, segments);
  }
  return false;
}

function convert30(schema: Record<string, unknown>): void {
  if (typeof schema.$ref === 'string') {
    // 3.0 ignores a $ref's siblings; `nullable` next to one is common enough to honour all the same.
    const ref = schema.$ref;
    const nullable = schema.nullable === true;
    for (const key of Object.keys(schema)) delete schema[key];
    if (nullable) schema.anyOf = [{ $ref: ref }, { type: 'null' }];
    else schema.$ref = ref;
    return;
  }
  for (const [bound, exclusive] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    if (typeof schema[exclusive] === 'boolean') {
      if (schema[exclusive] === true && typeof schema[bound] === 'number') {
        schema[exclusive] = schema[bound];
        delete schema[bound];
      } else delete schema[exclusive];
    }
  }
  if (schema.nullable === true) {
    delete schema.nullable;
    if (typeof schema.type === 'string') {
      schema.type = [schema.type, 'null'];
      if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    } else {
      const inner = { ...schema };
      for (const key of Object.keys(schema)) delete schema[key];
      schema.anyOf = [inner, { type: 'null' }];
    }
  } else delete schema.nullable;
}

/** `oneOf`/`anyOf` + `discriminator` → a check of the discriminator, then of the schema it names. */
function convertDiscriminator(schema: Record<string, unknown>): void {
  const discriminator = schema.discriminator;
  delete schema.discriminator;
  if (!isRecord(discriminator) || typeof discriminator.propertyName !== 'string') return;
  const listKey = Array.isArray(schema.oneOf) ? 'oneOf' : Array.isArray(schema.anyOf) ? 'anyOf' : undefined;
  if (!listKey) return;
  const choices = schema[listKey] as unknown[];
  const mapping = new Map<string, string>();
  if (isRecord(discriminator.mapping)) {
    for (const [value, target] of Object.entries(discriminator.mapping)) {
      if (typeof target === 'string') mapping.set(value, target.startsWith('#') ? target : `#/components/schemas/${target}`);
    }
  }
  const mapped = new Set(mapping.values());
  for (const choice of choices) {
    if (!isRecord(choice) || typeof choice.$ref !== 'string') {
      return; // an inline choice has no name to be chosen by: keep plain oneOf/anyOf semantics
    }
    if (!mapped.has(choice.$ref)) {
      const name = choice.$ref.slice(choice.$ref.lastIndexOf('/') + 1);
      if (!mapping.has(name)) mapping.set(name, choice.$ref);
    }
  }
  const property = discriminator.propertyName;
  delete schema[listKey];
  const branches = [...mapping].map(([value, ref]) => ({ if: { properties: { [property]: { const: value } } }, then: { $ref: ref } }));
  const guard = { type: 'object', required: [property], properties: { [property]: { enum: [...mapping.keys()] } } };
  schema.allOf = [...(Array.isArray(schema.allOf) ? schema.allOf : []), guard, ...branches];
}

/** Forbids the properties this direction must not carry, and drops them from `required`. */
function forbidProperties(ctx: Context, schema: Record<string, unknown>): void {
  if (!isRecord(schema.properties)) return;
  const flag = ctx.direction === 'response' ? 'writeOnly' : 'readOnly';
  const forbidden: string[] = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    if (hasFlag(ctx, property, flag)) forbidden.push(name);
  }
  if (forbidden.length === 0) return;
  const properties = { ...schema.properties };
  for (const name of forbidden) properties[name] = { [FORBIDDEN]: flag };
  schema.properties = properties;
  if (Array.isArray(schema.required)) schema.required = schema.required.filter((name) => !forbidden.includes(String(name)));
}

function prepareSchema(ctx: Context, schema: unknown): void {
  if (!isRecord(schema) || ctx.seen.has(schema)) return;
  ctx.seen.add(schema);
  // What a schema's $ref points at is a schema too, wherever it is (a bundled file, say).
  const ref = typeof schema.$ref === 'string' ? parseLocalRef(schema.$ref) : undefined;
  if (ref) {
    ctx.targets.set(ref.join('/'), ref);
    prepareSchema(ctx, getAt(ctx.copy, ref));
  }
  if (ctx.version === '3.0') convert30(schema);
  if ('discriminator' in schema) convertDiscriminator(schema);
  forbidProperties(ctx, schema);
  for (const key of SCHEMA_KEYWORDS) if (isRecord(schema[key])) prepareSchema(ctx, schema[key]);
  for (const key of SCHEMA_LIST_KEYWORDS) if (Array.isArray(schema[key])) for (const item of schema[key] as unknown[]) prepareSchema(ctx, item);
  for (const key of SCHEMA_MAP_KEYWORDS) if (isRecord(schema[key])) for (const item of Object.values(schema[key] as object)) prepareSchema(ctx, item);
}

/** Walks the document (not its examples) to every schema: `schema` values and `components.schemas`. */
function prepareNode(ctx: Context, node: unknown, parentKey: string | undefined): void {
  if (node === null || typeof node !== 'object' || ctx.seen.has(node)) return;
  if (Array.isArray(node)) {
    for (const item of node) prepareNode(ctx, item, undefined);
    return;
  }
  ctx.seen.add(node);
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'example' || key === 'examples') continue;
    if (key === 'schema') prepareSchema(ctx, value);
    else if (key === 'schemas' && parentKey === 'components' && isRecord(value)) for (const schema of Object.values(value)) prepareSchema(ctx, schema);
    else prepareNode(ctx, value, key);
  }
}

/**
 * A copy of the bundled document whose schemas are plain JSON Schema 2020-12 for `direction`, and
 * where the schemas its schemas' `$ref`s lead to are (in another file, say), to check them too.
 */
export function prepareDocument(root: Record<string, unknown>, version: OpenApiVersion, direction: Direction): { document: Record<string, unknown>; refTargets: string[][] } {
  const copy = structuredClone(root);
  const ctx: Context = { copy, version, direction, original: root, seen: new Set(), targets: new Map() };
  prepareNode(ctx, copy, undefined);
  return { document: copy, refTargets: [...ctx.targets.values()] };
}

/** The schema a header, parameter or media type names, with `$ref`s followed, for reading its `type`. */
export function schemaType(root: unknown, schema: unknown): string | undefined {
  try {
    const { value } = resolveRefs(root, schema, []);
    return isRecord(value) && typeof value.type === 'string' ? value.type : undefined;
  } catch {
    return undefined;
  }
}
