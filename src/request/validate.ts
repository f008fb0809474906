/** Checks of what a test author gives, made before anything is sent, as a real client would. */

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Field values: visible ASCII, obs-text, spaces and tabs; never CR, LF or NUL.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Why a header cannot be sent, or undefined when it can. */
export function headerProblem(name: string, value: string): string | undefined {
  if (!TOKEN.test(name)) return `invalid header name ${JSON.stringify(name)}: a header name is a token (letters, digits and !#$%&'*+-.^_\`|~)`;
  if (!FIELD_VALUE.test(value)) {
    return /[\r\n]/.test(value)
      ? `header ${name} contains CR or LF, which would split the request (header injection); refused`
      : `header ${name} contains a character that is not allowed in a header value (control or non-Latin-1)`;
  }
  return undefined;
}

/** Why a method cannot be sent, or undefined when it can. */
export function methodProblem(method: string): string | undefined {
  return TOKEN.test(method) ? undefined : `invalid method ${JSON.stringify(method)}: a method is a token, e.g. GET or PATCH`;
}

const DIGITS = /^\d+$/;

/**
 * Why a `Content-Length` the test set does not fit the body, or undefined when it does (or the body
 * is a stream, whose length is known only once it is sent). A request framed by a wrong length is
 * cut short or runs into the next request on the connection, so it is refused before sending.
 *
 * @example
 * contentLengthProblem('5', new Uint8Array(3)); // 'Content-Length: 5 does not match the body of 3 bytes…'
 */
export function contentLengthProblem(declared: string, body: Uint8Array | AsyncIterable<Uint8Array> | undefined): string | undefined {
  const value = declared.trim();
  if (!DIGITS.test(value)) return `Content-Length: ${JSON.stringify(declared)} is not a number of bytes`;
  if (body !== undefined && !(body instanceof Uint8Array)) return undefined;
  const actual = body?.byteLength ?? 0;
  if (Number(value) === actual) return undefined;
  return `Content-Length: ${value} does not match the body of ${actual} bytes${body ? '' : ' (the request has none)'}; the app would wait for bytes that never come or read the rest as another request, so it is refused before sending`;
}

/** Why `method` cannot carry a body, or undefined when it can: HTTP forbids content only on TRACE (RFC 9110 §9.3.8). */
export function bodyMethodProblem(method: string): string | undefined {
  return method === 'TRACE' ? 'a TRACE request cannot carry a body (RFC 9110 §9.3.8: a client must not send content in it)' : undefined;
}

/**
 * Why a request cannot carry both `Transfer-Encoding` and `Content-Length`: HTTP forbids a sender
 * to send both (RFC 9112 §6.2), servers answer 400 or close, and how soon depends on the connection.
 *
 * @example
 * framingProblem(); // 'both Transfer-Encoding and Content-Length…'
 */
export function framingProblem(): string {
  return 'both Transfer-Encoding and Content-Length are set; HTTP forbids a sender to send both (RFC 9112 §6.2), so it is refused before sending; set one of them';
}
