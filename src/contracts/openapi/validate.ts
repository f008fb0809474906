/** Checking one exchange against an OpenAPI document: which operation it is, then its status, content type, body and headers. */
import type { ContractViolation } from '../../errors/contract-error.js';
import { decodeText } from '../../format/body-excerpt.js';
import { ajvViolations } from '../json-schema.js';
import type { OpenApiContract } from './contract.js';
import { essenceOf, isJsonMedia, matchMedia, matchPath, type MediaDoc, type OperationDoc, type PathDoc, type ResponseDoc } from './document.js';
import { schemaType } from './schemas.js';
import { getAt } from './pointer.js';

/** The operation an exchange answers to, or why there is none. */
export type Lookup =
  | { readonly kind: 'operation'; readonly operation: OperationDoc }
  | { readonly kind: 'no-path'; readonly pathname: string }
  | { readonly kind: 'no-method'; readonly path: PathDoc };

/** The request path as the document sees it: the target's own path prefix (`https://host/api`) taken off. */
export function documentPath(url: URL, targetOrigin: string): string {
  let prefix = '';
  try {
    prefix = new URL(targetOrigin).pathname.replace(/\/+$/, '');
  } catch {
    // an origin that is not a URL has no prefix
  }
  const path = url.pathname;
  return prefix !== '' && (path === prefix || path.startsWith(`${prefix}/`)) ? path.slice(prefix.length) || '/' : path;
}

/** Finds the operation of `method` on `pathname`; HEAD falls back to GET when the document has no HEAD. */
export function findOperation(contract: OpenApiContract, method: string, pathname: string): Lookup {
  const path = matchPath(contract.model, pathname);
  if (!path) return { kind: 'no-path', pathname };
  const operation = path.operations.get(method) ?? (method === 'HEAD' ? path.operations.get('GET') : undefined);
  return operation ? { kind: 'operation', operation } : { kind: 'no-method', path };
}

const LISTED_OPERATIONS = 40;

/** The document's operations, one a line, for messages about an undocumented path. */
function listOperations(contract: OpenApiContract): string {
  const all = contract.model.paths.flatMap((p) => [...p.operations.values()].map((o) => o.label));
  const lines = all.slice(0, LISTED_OPERATIONS).map((label) => `  ${label}`);
  if (all.length > LISTED_OPERATIONS) lines.push(`  … and ${all.length - LISTED_OPERATIONS} more`);
  return `the document's operations:\n${lines.join('\n')}`;
}

/** The headline and violation for an exchange the document does not describe at all. */
export function undocumented(contract: OpenApiContract, method: string, lookup: Exclude<Lookup, { kind: 'operation' }>): { headline: string; violations: ContractViolation[]; details: string | undefined } {
  const label = contract.source.label;
  if (lookup.kind === 'no-path') {
    return {
      headline: `${method} ${lookup.pathname} is not in the OpenAPI document (${label}): no path matches it`,
      violations: [{ path: 'path', message: `no path of the document matches ${lookup.pathname}` }],
      details: listOperations(contract),
    };
  }
  const allowed = [...lookup.path.operations.keys()].join(', ');
  return {
    headline: `${method} ${lookup.path.template} is not in the OpenAPI document (${label}); ${lookup.path.template} documents ${allowed || 'no operation'}`,
    violations: [{ path: 'method', message: `${method} is not documented for ${lookup.path.template}; it documents ${allowed || 'none'}` }],
    details: undefined,
  };
}

/** The headline and violation for a status the operation does not document. */
export function undocumentedStatus(contract: OpenApiContract, operation: OperationDoc, status: number): { headline: string; violations: ContractViolation[] } {
  const allowed = operation.responses.map((r) => r.key).join(', ') || 'none';
  return {
    headline: `${operation.label} answered ${status}, a status the OpenAPI document (${contract.source.label}) does not describe for it; it describes ${allowed}`,
    violations: [{ path: 'status', message: `${status} is not documented; documented: ${allowed}` }],
  };
}

/** Checks a body (JSON only; other media types are checked by type alone) against a media type's schema. */
function bodyViolations(contract: OpenApiContract, direction: 'request' | 'response', media: MediaDoc, contentType: string, body: Uint8Array): ContractViolation[] {
  if (!media.schemaAt || !isJsonMedia(essenceOf(contentType))) return [];
  const text = decodeText(body);
  let data: unknown;
  try {
    if (text === undefined) throw new Error('it is not UTF-8 text');
    data = JSON.parse(text);
  } catch (error) {
    return [{ path: 'body', message: `is not valid JSON (${(error as Error).message}), though ${contentType} says it is` }];
  }
  const validate = contract.validator(direction, media.schemaAt);
  return validate(data) ? [] : ajvViolations(validate.errors, data);
}

const documentedTypes = (media: readonly MediaDoc[]) => media.map((m) => m.type).join(', ');

/** Content type and body of a message against the media types the document lists for it. */
function contentViolations(
  contract: OpenApiContract,
  direction: 'request' | 'response',
  media: readonly MediaDoc[],
  contentType: string | null,
  body: Uint8Array,
  bodyExpected: boolean,
): ContractViolation[] {
  if (body.byteLength === 0) {
    if (media.length > 0 && bodyExpected) return [{ path: 'body', message: `is empty, but the document describes ${documentedTypes(media)}` }];
    return [];
  }
  if (media.length === 0) {
    return [{ path: 'body', message: `the document describes no body for this ${direction}`, value: `${body.byteLength} bytes${contentType ? ` of ${contentType}` : ''}` }];
  }
  if (contentType === null) return [{ path: 'content-type', message: `is missing; the document describes ${documentedTypes(media)}` }];
  const matched = matchMedia(media, contentType);
  if (!matched) return [{ path: 'content-type', message: `is not documented for this ${direction}; documented: ${documentedTypes(media)}`, value: JSON.stringify(contentType) }];
  return bodyViolations(contract, direction, matched, contentType, body);
}

/** A header value as its schema's type reads it (headers are text on the wire). */
function coerce(value: string, type: string | undefined): unknown {
  if (type === 'integer' || type === 'number') return value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/** Everything about a response that departs from the response the document describes for its status. */
export function responseViolations(
  contract: OpenApiContract,
  response: ResponseDoc,
  exchange: { method: string; status: number; headers: Headers; body: Uint8Array },
): ContractViolation[] {
  const violations: ContractViolation[] = [];
  const bodyless = exchange.method === 'HEAD' || exchange.status === 204 || exchange.status === 304;
  if (!bodyless) violations.push(...contentViolations(contract, 'response', response.media, exchange.headers.get('content-type'), exchange.body, true));
  for (const header of response.headers) {
    if (header.name.toLowerCase() === 'content-type') continue; // the specification says to ignore it
    const value = exchange.headers.get(header.name);
    if (value === null) {
      if (header.required) violations.push({ path: `header ${header.name}`, message: 'is required by the document, and absent' });
      continue;
    }
    if (!header.schemaAt) continue;
    const validate = contract.validator('response', header.schemaAt);
    const data = coerce(value, schemaType(contract.source.root, getAt(contract.source.root, header.schemaAt)));
    if (!validate(data)) for (const v of ajvViolations(validate.errors, data)) violations.push({ ...v, path: `header ${header.name}${v.path === '$' ? '' : v.path.slice(1)}` });
  }
  return violations;
}

/** Everything about a request body that departs from the operation's `requestBody`. */
export function requestViolations(
  contract: OpenApiContract,
  operation: OperationDoc,
  request: { headers: ReadonlyArray<readonly [string, string]>; body: Uint8Array | undefined; streamed: boolean },
): ContractViolation[] {
  if (request.streamed) return []; // a streamed body is not in memory to check
  const body = request.body ?? new Uint8Array();
  const contentType = request.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? null;
  const documented = operation.requestBody;
  if (!documented) return contentViolations(contract, 'request', [], contentType, body, false);
  if (body.byteLength === 0) return documented.required ? [{ path: 'body', message: `is required by the document (${documentedTypes(documented.media)})` }] : [];
  return contentViolations(contract, 'request', documented.media, contentType, body, documented.required);
}

