/** Rule `set-cookie`: every `Set-Cookie` must parse under RFC 6265 with attributes browsers know. */
import type { LintFinding } from './options.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const ATTRIBUTES = new Set(['expires', 'max-age', 'domain', 'path', 'secure', 'httponly', 'samesite', 'partitioned', 'priority']);
const VALUED = new Set(['expires', 'max-age', 'domain', 'path', 'samesite', 'priority']);
const SAME_SITE = new Set(['strict', 'lax', 'none']);

/** What is wrong with one `Set-Cookie` line, or undefined when nothing is. */
export function setCookieProblem(line: string): string | undefined {
  const [pair = '', ...attributes] = line.split(';');
  const equals = pair.indexOf('=');
  if (equals < 0) return 'the cookie has no name=value pair';
  const name = pair.slice(0, equals).trim();
  if (!TOKEN.test(name)) return `the cookie name ${JSON.stringify(name)} is not a token`;
  let secure = false;
  let sameSiteNone = false;
  for (const raw of attributes) {
    const text = raw.trim();
    if (text === '') continue;
    const at = text.indexOf('=');
    const key = (at < 0 ? text : text.slice(0, at)).trim();
    const value = at < 0 ? undefined : text.slice(at + 1).trim();
    const lower = key.toLowerCase();
    if (!ATTRIBUTES.has(lower)) return `unknown attribute ${JSON.stringify(key)} (known: Expires, Max-Age, Domain, Path, Secure, HttpOnly, SameSite, Partitioned, Priority)`;
    if (VALUED.has(lower) && value === undefined) return `${key} needs a value`;
    if (lower === 'secure') secure = true;
    if (lower === 'samesite') {
      if (!SAME_SITE.has(value!.toLowerCase())) return `SameSite=${value} is not Strict, Lax or None`;
      sameSiteNone = value!.toLowerCase() === 'none';
    }
    if (lower === 'max-age' && !/^-?\d+$/.test(value!)) return `Max-Age=${value} is not a whole number of seconds`;
    if (lower === 'expires' && Number.isNaN(Date.parse(value!))) return `Expires=${value} is not a date (use an HTTP date, e.g. Wed, 21 Oct 2037 07:28:00 GMT)`;
  }
  if (sameSiteNone && !secure) return 'SameSite=None without Secure: browsers reject the cookie';
  return undefined;
}

/**
 * A finding for the first invalid `Set-Cookie` header among `headers`.
 *
 * @example
 * setCookieFinding(new Headers([['set-cookie', 'a=1; SameSite=None']])); // SameSite=None without Secure
 */
export function setCookieFinding(headers: Headers): LintFinding | undefined {
  for (const line of headers.getSetCookie()) {
    const problem = setCookieProblem(line);
    if (problem) {
      const shown = line.split(';', 1)[0]!.split('=', 1)[0];
      return { rule: 'set-cookie', message: `the app set cookie ${JSON.stringify(shown)} with an invalid Set-Cookie: ${problem}` };
    }
  }
  return undefined;
}
