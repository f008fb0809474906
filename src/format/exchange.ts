/** How a target reaches the app: in the test's own process, over a local socket, or over the network. */
export type Mode = 'in-process' | 'loopback' | 'remote';

/** What every failure says about the target it ran against. */
export interface TargetInfo {
  /** `'in-process'`, `'loopback'` or `'remote'`. */
  readonly mode: Mode;
  /** The adapter in use, e.g. `'node-handler'`, `'fetch-handler'`, `'fastify'`, `'remote'`. */
  readonly kind: string;
  /** The base URL requests are resolved against. */
  readonly origin: string;
}

/** A request as tandem reports it: secrets already redacted from the URL and headers. */
export interface RequestSummary {
  readonly method: string;
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The body bytes exactly as sent (used for the `curl` line), if any. */
  readonly body?: Uint8Array | undefined;
}

/** A response as tandem reports it. */
export interface ResponseSummary {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: Uint8Array;
  readonly durationMs?: number;
}
