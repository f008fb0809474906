/**
 * A target with HTTP lint: wraps an in-process or loopback target, and fails a request whose
 * exchange broke a lint rule with a `LintError`. Remote targets are never wrapped.
 */
import type { Dispatcher } from 'undici';
import { LintError, type LintRule } from '../../errors/lint-error.js';
import type { TandemError } from '../../errors/tandem-error.js';
import type { OutgoingRequest, RawResponse, Target } from '../target.js';
import { contentLengthFinding } from './content-length.js';
import { fetchHeadersFinding } from './header.js';
import { HttpLint, LINT_HEADER } from './http-lint.js';
import { jsonContentTypeFinding } from './json-content-type.js';
import type { Observation } from './observation.js';
import type { LintFinding } from './options.js';
import { setCookieFinding } from './set-cookie.js';
import { unendedFinding } from './unended.js';

/**
 * Builds the error for `findings` (the first one leads, the others are listed).
 *
 * @example
 * throw lintError([{ rule: 'header', message: 'the app set header x-a to …' }], { response: raw });
 */
export function lintError(findings: readonly LintFinding[], context: ConstructorParameters<typeof LintError>[2] = {}): LintError {
  const [first, ...others] = findings as [LintFinding, ...LintFinding[]];
  const lines = others.map((f) => `also (${f.rule}): ${f.message}`);
  lines.push(`HTTP lint runs in-process and over loopback; turn this rule off with createTestApp(app, { lint: { '${first.rule}': false } }), or all of it with { lint: false }.`);
  return new LintError(first.rule, `HTTP lint (${first.rule}): ${first.message}`, {
    ...context,
    cause: first.cause ?? context.cause,
    findings: findings.map(({ rule, message }) => ({ rule, message })),
    details: lines.join('\n'),
  });
}

function afterTicks(resolve: () => void): void {
  process.nextTick(resolve);
}

/** Adds `finding` when its rule is on and has not fired yet. */
function add(findings: LintFinding[], rules: ReadonlySet<LintRule>, finding: LintFinding | undefined): void {
  if (finding && rules.has(finding.rule) && !findings.some((f) => f.rule === finding.rule)) findings.push(finding);
}

/** `request` with the lint's marker header added (the request itself is left as it is: failures and recordings show it). */
function withMarker(request: OutgoingRequest, id: string): OutgoingRequest {
  const headers: Array<readonly [string, string]> = request.headers.slice();
  headers.push([LINT_HEADER, id]);
  return { method: request.method, url: request.url, target: request.target, headers, body: request.body, abort: request.abort, progress: request.progress, maxBodyBytes: request.maxBodyBytes, lint: request.lint };
}

export class LintingTarget implements Target {
  readonly mode;
  readonly kind;
  readonly origin;
  readonly #inner: Target;
  readonly #lint: HttpLint;
  readonly #ids = new WeakMap<OutgoingRequest, string>();
  /** Observations already collected, kept for a timeout reported after the send gave up. */
  readonly #collected = new WeakMap<OutgoingRequest, Observation>();

  constructor(inner: Target, lint: HttpLint) {
    this.#inner = inner;
    this.#lint = lint;
    this.mode = inner.mode;
    this.kind = inner.kind;
    this.origin = inner.origin;
  }

  async send(request: OutgoingRequest): Promise<RawResponse> {
    if (request.lint === false) return this.#inner.send(request);
    if (!this.#lint.observesServer) return this.#check(request, await this.#inner.send(request), []);
    const id = this.#lint.open();
    this.#ids.set(request, id);
    let raw: RawResponse;
    try {
      raw = await this.#inner.send(withMarker(request, id));
      // The in-memory client can read the response in the very turn the app ended it. What the app
      // does right after (a late throw or rejection, a write after end) is queued as microtasks and
      // ticks, which a socket's client would see run before the response reached it: wait for them.
      await new Promise<void>(afterTicks);
    } catch (error) {
      const findings = this.#collect(request, id)?.findings ?? [];
      if (findings.length > 0) throw lintError(findings, { cause: error });
      throw error;
    }
    return this.#check(request, raw, this.#collect(request, id)?.findings ?? []);
  }

  #collect(request: OutgoingRequest, id: string): Observation | undefined {
    const observation = this.#lint.take(id);
    if (observation) this.#collected.set(request, observation);
    return observation;
  }

  /** Adds what can be seen in the response itself, and throws if anything was found. */
  #check(request: OutgoingRequest, raw: RawResponse, serverFindings: readonly LintFinding[]): RawResponse {
    const rules = this.#lint.rules;
    const findings = serverFindings.slice();
    if (!this.#lint.observesServer) {
      // A fetch handler: no server to watch, so what its Response carries is checked here.
      add(findings, rules, fetchHeadersFinding(raw.headers));
      if (request.method !== 'HEAD') add(findings, rules, contentLengthFinding(request.method, raw.status, raw.headers.get('content-length') ?? undefined, raw.body.byteLength));
    }
    if (rules.has('set-cookie')) add(findings, rules, setCookieFinding(raw.headers));
    if (rules.has('json-content-type') && request.method !== 'HEAD') add(findings, rules, jsonContentTypeFinding(raw.headers, raw.body));
    if (findings.length > 0) throw lintError(findings, { response: raw });
    return raw;
  }

  /** At a request's timeout: a `LintError` when the app started the response but never ended it (or broke another rule). */
  lintTimeout(request: OutgoingRequest, timeout: TandemError): TandemError | undefined {
    const id = this.#ids.get(request);
    const observation = (id === undefined ? undefined : this.#lint.peek(id)) ?? this.#collected.get(request);
    if (!observation) return undefined;
    const context = { request: timeout.request, target: timeout.target, cause: timeout };
    const unended = this.#lint.rules.has('unended') ? unendedFinding(observation, undefined) : undefined;
    const findings = unended ? [unended, ...observation.findings] : observation.findings;
    return findings.length > 0 ? lintError(findings, context) : undefined;
  }

  fetch(request: Request): Promise<Response> {
    return this.#inner.fetch(request);
  }

  dispatcher(): Dispatcher {
    return this.#inner.dispatcher();
  }

  async close(): Promise<void> {
    this.#lint.uninstall();
    await this.#inner.close();
  }
}
