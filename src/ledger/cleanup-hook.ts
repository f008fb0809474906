/** The ledger's send hook: registers what a response created, by the rules, before the request resolves. */
import { CleanupRuleError } from '../errors/cleanup-rule-error.js';
import type { PendingRequest, SendHooks } from '../request/send-hooks.js';
import { resolveUrl } from '../request/resolve-url.js';
import { applyRules, locationRule, type CleanupRule, type TrackedResource } from './cleanup-rules.js';

export interface CleanupHookOptions {
  rules: readonly CleanupRule[];
  /** Whether the built-in rule (`201` + `Location` → `DELETE <location>`) applies. */
  auto: boolean;
  /** Registers an absolute URL to DELETE, or a custom resource, found in the exchange of `request`. */
  register: (what: string | TrackedResource, request: PendingRequest) => void;
  /** Tells the ledger a URL was deleted by the test itself. */
  deleted: (url: string) => void;
}

/** The request's path relative to the target's base URL (`/api/notes` on `https://x/api` is `/notes`). */
function relativePath(request: PendingRequest): string {
  const base = new URL(request.target.origin).pathname.replace(/\/$/, '');
  const path = request.url.pathname;
  return base !== '' && path.startsWith(`${base}/`) ? path.slice(base.length) : path;
}

/**
 * Runs after every exchange: the first of `rules` that matches registers its resource; otherwise,
 * with `auto`, a `201 Created` with a `Location` on the target's origin registers `DELETE <location>`.
 * A DELETE the test sends itself that succeeds (or finds nothing) settles the entries for its URL.
 */
export function cleanupHook({ rules, auto, register, deleted }: CleanupHookOptions): SendHooks {
  return {
    afterExchange(response, request) {
      if (request.method === 'DELETE') {
        if ((response.status >= 200 && response.status < 300) || response.status === 404 || response.status === 410) deleted(request.url.href);
        return;
      }
      const result = rules.length > 0 ? applyRules(rules, response, request.method, relativePath(request)) : undefined;
      if (result && 'resource' in result) return register(result.resource, request);
      if (result) {
        const url = resolveUrl(request.target.origin, result.delete, []);
        if (!url) throw new CleanupRuleError(`a cleanup rule for ${request.method} ${relativePath(request)} gave ${result.delete}, which is not on the target's origin`);
        return register(url.href, request);
      }
      if (!auto) return;
      const location = locationRule(response, request.method);
      // A Location on another origin names something tandem cannot reach, so cannot delete.
      if (location !== undefined && new URL(location).origin === request.url.origin) register(location, request);
    },
  };
}
