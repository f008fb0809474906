/**
 * The extension points of sending: what the client layer (safety policy, cleanup ledger,
 * recording, contract checks) plugs into every request, in every mode, without the request layer
 * knowing about any of them.
 */
import type { TestResponse } from '../response/test-response.js';
import type { Target } from '../targets/target.js';
import type { RequestSpec } from './request-spec.js';

/** A request about to be sent: nothing has reached the target yet. */
export interface PendingRequest {
  /** Upper-case method. */
  readonly method: string;
  /** The URL as a browser reads it (dot segments resolved): what cookies and the safety rules go by. */
  readonly url: URL;
  /** The request-target sent on the wire: path and query as the test wrote them (see `resolveRequest`). */
  readonly requestTarget: string;
  /** The headers as they will be sent (secrets not yet redacted: never put them in a message). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The request body as sent, when it is in memory (not a stream). */
  readonly body: Uint8Array | undefined;
  /** The builder's spec; `undefined` for requests made through `api.fetch` or `api.dispatcher`. */
  readonly spec: RequestSpec | undefined;
  readonly target: Target;
}

/** Hooks run around every exchange (every redirect hop is an exchange of its own). */
export interface SendHooks {
  /** Runs before anything is sent; throwing refuses the request. */
  beforeSend?(request: PendingRequest): void;
  /**
   * Runs once the response is complete, before the request's own checks; the request is not
   * done until the promise settles, and throwing fails it.
   */
  afterExchange?(response: TestResponse, request: PendingRequest): void | Promise<void>;
}
