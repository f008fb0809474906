/** The plain data a request builder collects before it is sent. */
import type { Expectation } from '../expect/expectations.js';
import type { TestResponse } from '../response/test-response.js';
import type { RequestAbort } from '../targets/request-abort.js';

/** Called with the abort switch of each exchange a builder's request is sent as (its redirect hops too). */
export const SENDING = Symbol('tandem.sending');
/** Called when that exchange is done. */
export const SENT = Symbol('tandem.sent');

/** Who can abort a request in flight: its builder (`.abort()`, `.signal()`). */
export interface AbortOwner {
  /** An exchange of the request is being sent with `abort`: aborted at once if the request was aborted already. */
  [SENDING](abort: RequestAbort): void;
  /** That exchange is done. */
  [SENT](abort: RequestAbort): void;
}

/** A file part of a multipart body. */
export interface FilePart {
  data: Uint8Array | ArrayBuffer | string | Blob;
  filename?: string;
  contentType?: string;
}

/** Fields of a multipart body: strings, numbers, files, or lists of them for repeated fields. */
export type MultipartFields = Record<string, string | number | boolean | FilePart | Blob | Array<string | number | boolean | FilePart | Blob>>;

/** Values `.query()` and `.form()` accept; arrays repeat the key, `undefined` leaves it out. */
export type ParamValue = string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>;

/** What `.send()` accepts. Objects and arrays are sent as JSON. */
export type RawBody =
  | string
  | Uint8Array
  | ArrayBuffer
  | Blob
  | URLSearchParams
  | FormData
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Record<string, unknown>
  | unknown[];

export type BodySource =
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; value: Record<string, ParamValue> }
  | { kind: 'multipart'; fields: MultipartFields }
  | { kind: 'raw'; value: RawBody; contentType: string | undefined };

/** Which sides of an exchange are checked against the OpenAPI document. */
export interface ContractSwitch {
  request: boolean;
  response: boolean;
}

export interface RequestSpec {
  method: string;
  path: string;
  query: Array<[string, string]>;
  headers: Array<[string, string]>;
  body: BodySource | undefined;
  timeoutMs: number | undefined;
  /** Redirects to follow automatically; undefined: the test app's default. */
  maxRedirects?: number | undefined;
  /** Status expectations; when empty the default rule (2xx/3xx) applies. */
  statusChecks: Expectation[];
  /** The other checks, in order; one may be asynchronous (a Standard Schema may validate asynchronously). */
  checks: Array<(response: TestResponse) => void | Promise<void>>;
  /** Which sides of the exchange the OpenAPI document checks (`.contract()`); undefined: both. */
  contract?: ContractSwitch | undefined;
  /** A mistake made while configuring, reported when the request would have been sent. */
  error: Error | undefined;
  /** The builder that can abort the request (`.abort()`, `.signal()`); undefined for requests no builder made. */
  owner?: AbortOwner | undefined;
}
