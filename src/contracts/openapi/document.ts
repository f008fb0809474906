/**
 * The shape of an OpenAPI document that checks need, read from it once: its operations by path
 * template and method, their responses by status key, media types, headers and request bodies,
 * with every non-schema `$ref` followed. Whatever breaks the specification's rules on the way is
 * reported as a problem at its pointer (schemas themselves are checked by ajv, in contract.ts).
 */
import { isRecord, resolveRefs, type Segments } from './pointer.js';
import type { OpenApiVersion } from './schemas.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PATH_ITEM_KEYS = new Set(['$ref', 'summary', 'description', 'servers', 'parameters']);
const PARAMETER_PLACES = new Set(['query', 'header', 'path', 'cookie']);
const STATUS_KEY = /^([1-5]\d\d|[1-5]XX|default)$/;

export interface Problem {
  readonly at: Segments;
  readonly message: string;
}

export interface MediaDoc {
  /** As written in the document, e.g. `application/json; charset=utf-8`. */
  readonly type: string;
  /** Lower-case, without parameters: `application/json`. */
  readonly essence: string;
  /** Where its schema is, when it has one. */
  readonly schemaAt: Segments | undefined;
}

export interface HeaderDoc {
  readonly name: string;
  readonly required: boolean;
  readonly schemaAt: Segments | undefined;
}

export interface ResponseDoc {
  /** `200`, `2XX` or `default`. */
  readonly key: string;
  readonly media: readonly MediaDoc[];
  readonly headers: readonly HeaderDoc[];
}

export interface RequestBodyDoc {
  readonly required: boolean;
  readonly media: readonly MediaDoc[];
}

export interface OperationDoc {
  /** Upper-case. */
  readonly method: string;
  readonly template: string;
  /** `GET /notes/{id}`. */
  readonly label: string;
  readonly responses: readonly ResponseDoc[];
  readonly requestBody: RequestBodyDoc | undefined;
}

export interface PathDoc {
  readonly template: string;
  readonly pattern: RegExp;
  /** Per segment: 2 for a literal, 1 for a partly templated one, 0 for a parameter; compared to pick the most specific match. */
  readonly rank: readonly number[];
  /** By upper-case method. */
  readonly operations: ReadonlyMap<string, OperationDoc>;
}

export interface DocumentModel {
  readonly version: OpenApiVersion;
  readonly paths: readonly PathDoc[];
  /** Path prefixes of the document's `servers` (`/api/v1`), longest first; `''` always last. */
  readonly serverPrefixes: readonly string[];
  /** Where schemas are, to compile (and so check) each of them. */
  readonly schemaLocations: readonly Segments[];
}

/** Media type essence: `Application/JSON; charset=utf-8` → `application/json`. */
export const essenceOf = (type: string) => type.split(';')[0]!.trim().toLowerCase();

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function pathPattern(template: string): { pattern: RegExp; rank: number[] } {
  const segments = template.split('/').slice(1);
  const rank = segments.map((segment) => (!segment.includes('{') ? 2 : /^\{[^}]+\}$/.test(segment) ? 0 : 1));
  const source = segments.map((segment) => segment.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/]+')).join('/');
  return { pattern: new RegExp(`^/${source}$`), rank };
}

function serverPrefixes(servers: unknown): string[] {
  const prefixes = new Set<string>();
  if (Array.isArray(servers)) {
    for (const server of servers) {
      if (!isRecord(server) || typeof server.url !== 'string') continue;
      const variables = isRecord(server.variables) ? server.variables : {};
      const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const variable = variables[name];
        return isRecord(variable) && typeof variable.default === 'string' ? variable.default : '';
      });
      try {
        const path = new URL(url, 'http://placeholder').pathname.replace(/\/+$/, '');
        if (path !== '') prefixes.add(path);
      } catch {
        // a server URL that is not one does not change how paths match
      }
    }
  }
  return [...[...prefixes].sort((a, b) => b.length - a.length), ''];
}

/**
 * Reads the model of a bundled document, listing what breaks the specification's rules.
 * `problems` empty means the model can be used.
 */
export function readModel(root: Record<string, unknown>): { model: DocumentModel | undefined; problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (at: Segments, message: string) => problems.push({ at, message });
  const schemaLocations: Segments[] = [];

  const version = typeof root.openapi === 'string' ? /^3\.([01])\.\d+(-.+)?$/.exec(root.openapi) : null;
  if (!version) {
    if (typeof root.swagger === 'string') problem(['swagger'], `is ${JSON.stringify(root.swagger)}: tandem reads OpenAPI 3.0 and 3.1 documents; convert a Swagger 2.0 document first`);
    else problem(['openapi'], root.openapi === undefined ? 'is missing: an OpenAPI document starts with openapi: 3.1.0 (or 3.0.x)' : `is ${JSON.stringify(root.openapi)}: tandem reads OpenAPI 3.0.x and 3.1.x`);
    return { model: undefined, problems };
  }
  const openapi: OpenApiVersion = version[1] === '0' ? '3.0' : '3.1';

  if (!isRecord(root.info)) problem(['info'], 'is missing: it needs a title and a version');
  else {
    if (typeof root.info.title !== 'string') problem(['info', 'title'], 'is missing (a string is required)');
    if (typeof root.info.version !== 'string') problem(['info', 'version'], `is ${root.info.version === undefined ? 'missing' : JSON.stringify(root.info.version)}: a string is required (quote it in YAML)`);
  }

  const resolve = (value: unknown, at: Segments) => {
    try {
      return resolveRefs(root, value, at);
    } catch (error) {
      problem(at, (error as Error).message);
      return undefined;
    }
  };

  const readMedia = (content: unknown, at: Segments): MediaDoc[] => {
    if (content === undefined) return [];
    if (!isRecord(content)) {
      problem(at, 'must be an object of media types');
      return [];
    }
    const media: MediaDoc[] = [];
    for (const [type, value] of Object.entries(content)) {
      const typeAt = [...at, type];
      if (!/^[^\s/;]+\/[^\s/;]+/.test(type)) problem(typeAt, 'is not a media type (like application/json)');
      if (!isRecord(value)) {
        problem(typeAt, 'must be a media type object');
        continue;
      }
      const schemaAt = value.schema === undefined ? undefined : [...typeAt, 'schema'];
      if (schemaAt) schemaLocations.push(schemaAt);
      media.push({ type, essence: essenceOf(type), schemaAt });
    }
    return media;
  };

  const readParameters = (list: unknown, at: Segments): Array<{ name: string; in: string; at: Segments }> => {
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
      problem(at, 'must be a list of parameters');
      return [];
    }
    const out: Array<{ name: string; in: string; at: Segments }> = [];
    list.forEach((item, i) => {
      const found = resolve(item, [...at, String(i)]);
      if (!found) return;
      const parameter = found.value;
      if (!isRecord(parameter)) return void problem(found.at, 'must be a parameter object');
      if (typeof parameter.name !== 'string') problem(found.at, 'has no name');
      if (typeof parameter.in !== 'string' || !PARAMETER_PLACES.has(parameter.in)) problem([...found.at, 'in'], `is ${JSON.stringify(parameter.in)}: use query, header, path or cookie`);
      if (parameter.in === 'path' && parameter.required !== true) problem(found.at, `path parameter ${String(parameter.name)} must have required: true`);
      if (parameter.schema !== undefined) schemaLocations.push([...found.at, 'schema']);
      if (typeof parameter.name === 'string' && typeof parameter.in === 'string') out.push({ name: parameter.name, in: parameter.in, at: found.at });
    });
    return out;
  };

  const readResponses = (responses: unknown, at: Segments): ResponseDoc[] => {
    if (responses === undefined) {
      if (openapi === '3.0') problem(at, 'is missing: every operation documents its responses');
      return [];
    }
    if (!isRecord(responses)) {
      problem(at, 'must be an object of responses by status');
      return [];
    }
    const out: ResponseDoc[] = [];
    const keys = Object.keys(responses).filter((key) => !key.startsWith('x-'));
    if (keys.length === 0) problem(at, 'documents no response: give at least one status');
    for (const key of keys) {
      const keyAt = [...at, key];
      if (!STATUS_KEY.test(key)) {
        problem(keyAt, `is not a status: use a code (200), a range (2XX) or default`);
        continue;
      }
      const found = resolve(responses[key], keyAt);
      if (!found) continue;
      const response = found.value;
      if (!isRecord(response)) {
        problem(found.at, 'must be a response object');
        continue;
      }
      if (typeof response.description !== 'string') problem(found.at, 'has no description (it is required)');
      const headers: HeaderDoc[] = [];
      if (response.headers !== undefined) {
        if (!isRecord(response.headers)) problem([...found.at, 'headers'], 'must be an object of headers by name');
        else {
          for (const [name, value] of Object.entries(response.headers)) {
            const header = resolve(value, [...found.at, 'headers', name]);
            if (!header) continue;
            if (!isRecord(header.value)) {
              problem(header.at, 'must be a header object');
              continue;
            }
            const schemaAt = header.value.schema === undefined ? undefined : [...header.at, 'schema'];
            if (schemaAt) schemaLocations.push(schemaAt);
            headers.push({ name, required: header.value.required === true, schemaAt });
          }
        }
      }
      out.push({ key, media: readMedia(response.content, [...found.at, 'content']), headers });
    }
    return out;
  };

  const paths: PathDoc[] = [];
  if (root.paths === undefined) {
    if (openapi === '3.0') problem(['paths'], 'is missing');
  } else if (!isRecord(root.paths)) problem(['paths'], 'must be an object of path items');
  else {
    for (const [template, rawItem] of Object.entries(root.paths)) {
      if (template.startsWith('x-')) continue;
      const itemAt = ['paths', template];
      if (!template.startsWith('/')) {
        problem(itemAt, 'is not a path: paths start with /');
        continue;
      }
      const found = resolve(rawItem, itemAt);
      if (!found) continue;
      const item = found.value;
      if (!isRecord(item)) {
        problem(found.at, 'must be a path item object');
        continue;
      }
      const shared = readParameters(item.parameters, [...found.at, 'parameters']);
      const inTemplate = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      const operations = new Map<string, OperationDoc>();
      for (const [key, value] of Object.entries(item)) {
        const opAt = [...found.at, key];
        if (!(METHODS as readonly string[]).includes(key)) {
          if (!PATH_ITEM_KEYS.has(key) && !key.startsWith('x-')) {
            problem(opAt, `is not an operation: use ${METHODS.join(', ')}${METHODS.includes(key.toLowerCase() as (typeof METHODS)[number]) ? ' (lower case)' : ''}`);
          }
          continue;
        }
        if (!isRecord(value)) {
          problem(opAt, 'must be an operation object');
          continue;
        }
        const own = readParameters(value.parameters, [...opAt, 'parameters']);
        const declared = new Map([...shared, ...own].filter((p) => p.in === 'path').map((p) => [p.name, p]));
        for (const name of inTemplate) {
          if (!declared.has(name)) problem(opAt, `declares no path parameter ${name} (in: path) for {${name}} in ${template}`);
        }
        for (const [name, parameter] of declared) {
          if (!inTemplate.includes(name)) problem(parameter.at, `is a path parameter, but ${template} has no {${name}}`);
        }
        let requestBody: RequestBodyDoc | undefined;
        if (value.requestBody !== undefined) {
          const body = resolve(value.requestBody, [...opAt, 'requestBody']);
          if (body && !isRecord(body.value)) problem(body.at, 'must be a request body object');
          else if (body && isRecord(body.value)) {
            if (!isRecord(body.value.content)) problem(body.at, 'has no content (it is required)');
            requestBody = { required: body.value.required === true, media: readMedia(body.value.content, [...body.at, 'content']) };
          }
        }
        const method = key.toUpperCase();
        operations.set(method, { method, template, label: `${method} ${template}`, responses: readResponses(value.responses, [...opAt, 'responses']), requestBody });
      }
      paths.push({ template, ...pathPattern(template), operations });
    }
  }

  const components = root.components;
  if (components !== undefined && !isRecord(components)) problem(['components'], 'must be an object');
  else if (isRecord(components) && components.schemas !== undefined) {
    if (!isRecord(components.schemas)) problem(['components', 'schemas'], 'must be an object of schemas by name');
    else for (const name of Object.keys(components.schemas)) schemaLocations.push(['components', 'schemas', name]);
  }

  const model = { version: openapi, paths, serverPrefixes: serverPrefixes(root.servers), schemaLocations };
  return { model: problems.length === 0 ? model : undefined, problems };
}

/** True when `a` is more specific than `b` (literal segments win, earliest first). */
function moreSpecific(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

/**
 * The path item a request path answers to: tried as it is and with each server prefix taken off;
 * among templates that match, the most specific wins (`/notes/stats` before `/notes/{id}`).
 */
export function matchPath(model: DocumentModel, pathname: string): PathDoc | undefined {
  for (const prefix of model.serverPrefixes) {
    if (prefix !== '' && pathname !== prefix && !pathname.startsWith(`${prefix}/`)) continue;
    const rest = pathname.slice(prefix.length) || '/';
    let best: PathDoc | undefined;
    for (const path of model.paths) if (path.pattern.test(rest) && (!best || moreSpecific(path.rank, best.rank))) best = path;
    if (best) return best;
  }
  return undefined;
}

/** The response a status answers to: its code, else its range (`4XX`), else `default`. */
export function matchStatus(operation: OperationDoc, status: number): ResponseDoc | undefined {
  const code = String(status);
  const range = `${code[0]}XX`;
  return operation.responses.find((r) => r.key === code) ?? operation.responses.find((r) => r.key.toUpperCase() === range) ?? operation.responses.find((r) => r.key === 'default');
}

/** The media type of a list that a content type answers to: exact, then `type/*`, then `*\/*`. */
export function matchMedia(media: readonly MediaDoc[], contentType: string): MediaDoc | undefined {
  const essence = essenceOf(contentType);
  const wildcard = `${essence.split('/')[0]}/*`;
  return media.find((m) => m.essence === essence) ?? media.find((m) => m.essence === wildcard) ?? media.find((m) => m.essence === '*/*');
}

/** JSON media types: `application/json` and any `+json` (problem+json, hal+json, …). */
export const isJsonMedia = (essence: string) => essence === 'application/json' || essence.endsWith('+json');
