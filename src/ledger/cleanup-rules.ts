/** Rules that say how to delete what a request created, so tests need not track it by hand. */
import { CleanupRuleError } from '../errors/cleanup-rule-error.js';
import type { TestResponse } from '../response/test-response.js';

/**
 * Something to remove that is not a plain `DELETE <url>`: `api.track({ delete, describe })`.
 *
 * @example
 * api.track({ describe: `S3 object ${key}`, delete: () => s3.deleteObject({ Bucket: 'uploads', Key: key }) });
 */
export interface TrackedResource {
  /** Removes the resource; a rejection carrying a 404 or 410 response counts as already gone. */
  delete: () => Promise<unknown>;
  /** How the leftovers table shows it. @default 'custom resource' */
  describe?: string;
}

/**
 * A declarative rule: after a successful `method path`, register `DELETE <delete>`.
 *
 * @example
 * { method: 'POST', path: '/orders', delete: '/orders/{json.id}' }
 * { method: 'POST', path: '/users/{user}/keys', delete: '/users/{user}/keys/{json.key.id}' }
 */
export interface CleanupRuleSpec {
  /** The creating request's method. @default 'POST' */
  method?: string;
  /**
   * The creating request's path, relative to the target's base URL, without the query: a template
   * where `{name}` matches one path segment, or a RegExp (its named groups are usable as `{name}`).
   */
  path: string | RegExp;
  /**
   * The path of the DELETE, relative to the base URL: `{json.a.b}` is a value from the response's
   * JSON body, `{header.name}` a response header, `{name}` a segment matched by `path`.
   */
  delete: string;
}

/**
 * A rule as a function: called after every successful request with a creating method (not GET,
 * HEAD, OPTIONS, TRACE or DELETE); returns the path to DELETE, a resource with its own `delete`,
 * or `undefined` when the response created nothing it knows of.
 *
 * @example
 * (res) => (new URL(res.url).pathname === '/buckets' ? `/buckets/${res.json.name}` : undefined)
 */
export type CleanupRuleFunction = (response: TestResponse) => string | TrackedResource | undefined;

/**
 * One entry of `cleanup.rules`: a declarative {@link CleanupRuleSpec} or a {@link CleanupRuleFunction}.
 *
 * @example
 * const rules: CleanupRule[] = [
 *   { method: 'POST', path: '/orders', delete: '/orders/{json.id}' },
 *   (res) => (new URL(res.url).pathname === '/buckets' ? `/buckets/${res.json.name}` : undefined),
 * ];
 */
export type CleanupRule = CleanupRuleSpec | CleanupRuleFunction;

/** What a matching rule asks to register: a path or URL to DELETE, or a custom resource. */
export type RuleResult = { delete: string } | { resource: TrackedResource };

const CREATING = (method: string) => !['GET', 'HEAD', 'OPTIONS', 'TRACE', 'DELETE'].includes(method);

const compiled = new Map<string, RegExp>();

/** Compiles `'/users/{user}/keys'` into an anchored RegExp with named groups. */
export function compilePath(template: string): RegExp {
  const known = compiled.get(template);
  if (known) return known;
  const source = template
    .split(/(\{[A-Za-z_$][\w$]*\})/)
    .map((part) => (/^\{.+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[^/]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const regexp = new RegExp(`^${source}$`);
  compiled.set(template, regexp);
  return regexp;
}

function describeRule(rule: CleanupRuleSpec): string {
  return `cleanup rule ${(rule.method ?? 'POST').toUpperCase()} ${String(rule.path)} → DELETE ${rule.delete}`;
}

function jsonValue(response: TestResponse, path: string, rule: CleanupRuleSpec): unknown {
  let value: unknown;
  try {
    value = response.json as unknown;
  } catch {
    throw new CleanupRuleError(`${describeRule(rule)}: the response body is not JSON, so {json.${path}} has no value`);
  }
  for (const key of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** Fills in a rule's `delete` template from the response and the matched path segments. */
export function fillTemplate(rule: CleanupRuleSpec, response: TestResponse, params: Record<string, string>): string {
  return rule.delete.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    if (name.startsWith('json.')) {
      const value = jsonValue(response, name.slice(5), rule);
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new CleanupRuleError(`${describeRule(rule)}: the response's JSON has no string or number at ${name.slice(5)} (found ${JSON.stringify(value) ?? 'nothing'})`);
      }
      return encodeURIComponent(String(value));
    }
    if (name.startsWith('header.')) {
      const value = response.headers.get(name.slice(7));
      if (value === null) throw new CleanupRuleError(`${describeRule(rule)}: the response has no ${name.slice(7)} header`);
      return value;
    }
    const value = params[name];
    if (value === undefined) throw new CleanupRuleError(`${describeRule(rule)}: {${name}} is neither json.…, header.… nor a segment of the rule's path`);
    return value;
  });
}

/** The result of the first rule matching the exchange, if any; `path` is relative to the target's base URL. */
export function applyRules(rules: readonly CleanupRule[], response: TestResponse, method: string, path: string): RuleResult | undefined {
  if (!CREATING(method) || response.status < 200 || response.status > 299) return undefined;
  for (const rule of rules) {
    if (typeof rule === 'function') {
      const result = rule(response);
      if (result === undefined) continue;
      return typeof result === 'string' ? { delete: result } : { resource: result };
    }
    if ((rule.method ?? 'POST').toUpperCase() !== method) continue;
    const match = (typeof rule.path === 'string' ? compilePath(rule.path) : rule.path).exec(path);
    if (!match) continue;
    const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, v ?? '']));
    return { delete: fillTemplate(rule, response, params) };
  }
  return undefined;
}

/** The built-in rule: a `201 Created` with a `Location` registers `DELETE <location>`. */
export function locationRule(response: TestResponse, method: string): string | undefined {
  if (response.status !== 201 || !CREATING(method)) return undefined;
  const location = response.headers.get('location');
  return location === null || location === '' ? undefined : new URL(location, response.url).href;
}
