/**
 * The HAR 1.2 format (http://www.softwareishard.com/blog/har-12-spec/), as far as tandem writes
 * it. Fields starting with `_` are custom fields, which the format allows and viewers ignore.
 */

/** A name/value pair: a header or a query parameter. */
export interface HarNameValue {
  name: string;
  value: string;
}

/** A cookie sent or set; tandem always writes its value as `[REDACTED]`. */
export interface HarCookie {
  name: string;
  value: string;
  path?: string;
  domain?: string;
  /** ISO 8601. */
  expires?: string;
  httpOnly?: boolean;
  secure?: boolean;
}

/** A request body. */
export interface HarPostData {
  mimeType: string;
  text: string;
  /** `'base64'` when the body is not UTF-8 text and `text` holds it base64-encoded. */
  _encoding?: 'base64';
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  postData?: HarPostData;
  /** -1: not known (tandem does not see the serialized header block in every mode). */
  headersSize: number;
  /** Body bytes, or -1 for a streamed body that was not kept. */
  bodySize: number;
}

/** A response body: `text` is base64 (and `encoding: 'base64'`) when the body is not UTF-8 text. */
export interface HarContent {
  size: number;
  mimeType: string;
  text?: string;
  encoding?: 'base64';
}

export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarNameValue[];
  content: HarContent;
  redirectURL: string;
  headersSize: number;
  bodySize: number;
}

/** Milliseconds; tandem measures the whole exchange and reports it as `wait`. */
export interface HarTimings {
  send: number;
  wait: number;
  receive: number;
}

export interface HarEntry {
  /** ISO 8601, when the request was sent. */
  startedDateTime: string;
  /** Milliseconds from sending to the last byte of the response. */
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, never>;
  timings: HarTimings;
  /** The test that made the request, when a runner integration named it. */
  _test?: string;
  /** How the target was reached: `'in-process'`, `'loopback'` or `'remote'`. */
  _mode: string;
}

export interface HarLog {
  version: '1.2';
  creator: { name: string; version: string };
  entries: HarEntry[];
  /** Which run wrote the entries: the processes of one run add to the file, a new run replaces it. */
  _run?: string;
}

/** A HAR file. */
export interface Har {
  log: HarLog;
}
