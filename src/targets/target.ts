/** The one seam between the client and the ways of reaching an app. */
import { BodyTooLargeError } from '../errors/body-too-large-error.js';
import type { Dispatcher } from 'undici';
import type { TandemError } from '../errors/tandem-error.js';
import type { TargetInfo } from '../format/exchange.js';
import type { RequestAbort } from './request-abort.js';

/** A request body as a target sends it: bytes, or a stream of bytes sent chunked. */
export type OutgoingBody = Uint8Array | AsyncIterable<Uint8Array>;

/** Filled in by a target as the response arrives, so a timeout can say how far it got. */
export interface Progress {
  status?: number;
  bytes: number;
}

/** A fully resolved request, ready to go out. Headers are validated before they reach a target. */
export interface OutgoingRequest {
  readonly method: string;
  /** The URL as a browser reads it (dot segments resolved): its origin is where the request goes. */
  readonly url: URL;
  /** The request-target to send, byte for byte: path and query as written, already percent-encoded where they must be. */
  readonly target: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: OutgoingBody | undefined;
  /** Thrown when the request times out or the app is closed; `abort.signal` gives an `AbortSignal`. */
  readonly abort: RequestAbort;
  readonly progress: Progress;
  /** The most response body bytes to read; past it the response is abandoned with `BodyTooLargeError`. */
  readonly maxBodyBytes?: number | undefined;
  /** `false`: HTTP lint does not judge this exchange (a layer with checks of its own sent it). */
  readonly lint?: boolean | undefined;
}

/** A response with its body read in full. */
export interface RawResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: Uint8Array;
  /**
   * The header lines as they came off the wire (name, value, name, value…), names in the case the
   * app wrote them; undefined when there was no wire (a fetch handler's `Response` in memory).
   */
  readonly rawHeaders?: ReadonlyArray<Buffer | string> | undefined;
}

/**
 * A way of reaching an app. Every target passes the same contract suite: what the client sees
 * must not depend on which target served it.
 */
export interface Target extends TargetInfo {
  /** Sends a request and reads the whole response. Rejects with the underlying error on failure. */
  send(request: OutgoingRequest): Promise<RawResponse>;
  /** A platform `fetch` routed to this target (for the app's own client libraries). */
  fetch(request: Request): Promise<Response>;
  /**
   * An undici dispatcher that reaches this target (for client libraries built on undici): the
   * target's own pool, or for a fetch handler an in-memory HTTP bridge to it, made on first use.
   * It belongs to the target: closing the target closes it.
   */
  dispatcher(): Dispatcher;
  /**
   * HTTP lint: called when `request` timed out; returns the error to report instead of `timeout`
   * when the app broke a lint rule (a response started but never ended), else undefined.
   */
  lintTimeout?(request: OutgoingRequest, timeout: TandemError): TandemError | undefined;
  /** Releases sockets, servers and pools; afterwards nothing keeps the process alive. */
  close(): Promise<void>;
}

/**
 * The error for a response body that passed `request.maxBodyBytes` after `bytes` had arrived.
 *
 * @example
 * if (progress.bytes > limit) throw bodyTooLarge(request, progress.bytes);
 */
export function bodyTooLarge(request: OutgoingRequest, bytes: number): BodyTooLargeError {
  return new BodyTooLargeError(
    `the response body passed the limit of ${String(request.maxBodyBytes)} bytes (maxBodyBytes) after ${bytes} bytes (status ${String(request.progress.status)}); it was abandoned, not read in full`,
  );
}
