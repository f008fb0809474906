/**
 * `api.fetch` with the send hooks: each hop runs `beforeSend` (the safety policy, and any other
 * hook) before it is sent, and `afterExchange` (cleanup rules, recording, contract checks) on a
 * copy of its response, read in full, before the caller gets it — except event streams, which
 * may never end and are handed over as they come. Redirects are followed here, hop by hop, rather than by the platform
 * fetch, which would send the next hop without asking the hooks (and, through a target's
 * single-origin connection pool, to the wrong host).
 */
import { RedirectError } from '../errors/redirect-error.js';
import { TandemError } from '../errors/tandem-error.js';
import { summarizeRequest } from '../format/redact.js';
import { REDIRECT_STATUSES } from '../request/redirect.js';
import type { PendingRequest, SendHooks } from '../request/send-hooks.js';
import type { Target } from '../targets/target.js';
import { TestResponse } from '../response/test-response.js';

/** The fetch spec's limit on redirects. */
const MAX_REDIRECTS = 20;

function runBeforeSend(hooks: readonly SendHooks[], pending: PendingRequest, secrets: readonly string[]): void {
  try {
    for (const hook of hooks) hook.beforeSend?.(pending);
  } catch (error) {
    const request = summarizeRequest(pending.method, pending.url, pending.headers, pending.body, secrets);
    throw error instanceof TandemError ? error.withContext({ request, target: pending.target }) : error;
  }
}

/** Runs the `afterExchange` hooks on a fully read copy of `response`; a failure fails the fetch. */
async function runAfterExchange(hooks: readonly SendHooks[], pending: PendingRequest, response: Response, started: number, secrets: readonly string[]): Promise<void> {
  if (!hooks.some((hook) => hook.afterExchange !== undefined) || response.headers.get('content-type')?.startsWith('text/event-stream')) return;
  const request = summarizeRequest(pending.method, pending.url, pending.headers, pending.body, secrets);
  const copy = new TestResponse({
    status: response.status,
    statusText: response.statusText,
    headers: new Headers(response.headers),
    body: new Uint8Array(await response.clone().arrayBuffer()),
    url: pending.url.href,
    request,
    target: pending.target,
    durationMs: performance.now() - started,
  });
  try {
    for (const hook of hooks) await hook.afterExchange?.(copy, pending);
  } catch (error) {
    throw error instanceof TandemError ? error.withContext({ request, response: copy, target: pending.target }) : error;
  }
}

/**
 * Sends `request` to `target` through `hooks`, following redirects on the target's origin as the
 * fetch spec does (303, and 301/302 after POST, become a GET without a body); a redirect off the
 * origin fails with `RedirectError`. `extraHeaders` are added when the request lacks them;
 * `secrets` (`options.headers` values, `options.secrets`) are scrubbed from what a failure shows.
 */
export async function fetchWithHooks(
  target: Target,
  request: Request,
  hooks: readonly SendHooks[],
  extraHeaders: ReadonlyArray<readonly [string, string]>,
  secrets: readonly string[] = [],
): Promise<Response> {
  const headers = new Headers(request.headers);
  for (const [name, value] of extraHeaders) if (!headers.has(name)) headers.set(name, value);
  const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
  let method = request.method;
  let url = new URL(request.url);
  let sentBody = body;
  for (let hop = 0; ; hop++) {
    const pending: PendingRequest = { method, url, headers: [...headers], body: sentBody, spec: undefined, target };
    runBeforeSend(hooks, pending, secrets);
    const started = performance.now();
    const response = await target.fetch(
      new Request(url, { method, headers, body: sentBody, redirect: request.redirect === 'follow' ? 'manual' : request.redirect, signal: request.signal, credentials: request.credentials }),
    );
    await runAfterExchange(hooks, pending, response, started, secrets);
    const location = response.headers.get('location');
    if (request.redirect !== 'follow' || !REDIRECT_STATUSES.has(response.status) || location === null) {
      // As the platform fetch says of a response it reached through redirects.
      if (hop > 0) Object.defineProperty(response, 'redirected', { value: true });
      return response;
    }
    await response.body?.cancel();
    const summary = summarizeRequest(method, url, pending.headers, sentBody, secrets);
    const next = new URL(location, url);
    if (hop === MAX_REDIRECTS) throw new RedirectError(`api.fetch: more than ${MAX_REDIRECTS} redirects; the last one pointed to ${next.href}`, { request: summary, target });
    if (next.origin !== url.origin) {
      throw new RedirectError(`api.fetch: the redirect leaves the target for ${next.origin}; tandem sends requests only to the app under test`, { request: summary, target });
    }
    if (response.status === 303 ? method !== 'HEAD' : (response.status === 301 || response.status === 302) && method === 'POST') {
      method = 'GET';
      sentBody = undefined;
      for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(name);
    }
    url = next;
  }
}
