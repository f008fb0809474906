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
