/**
 * The cookie jar of a test app: RFC 6265 rules through tough-cookie, applied above the target so
 * they are the same in every mode (domain and path scoping, expiry and `Max-Age=0`, `Secure`,
 * `SameSite` kept). `localhost` and 127.0.0.1 count as secure contexts, so `Secure` cookies work
 * in-process too.
 */
import { CookieJar, type Cookie } from 'tough-cookie';

/**
 * Cookies kept between requests of one test app (and not shared with its `session()`s).
 *
 * @example
 * api.cookies.set('theme=dark; Path=/');
 * api.cookies.get('theme'); // 'dark'
 * api.cookies.clear();
 */
export class CookieSession {
  readonly #jar = new CookieJar();

  /** The underlying tough-cookie jar, for anything this class does not cover (it is consulted from then on). */
  get jar(): CookieJar {
    this.#used = true;
    return this.#jar;
  }
  readonly #defaultUrl: () => string;
  /** False until a cookie is first stored: a jar that never held one is not consulted per request. */
  #used = false;

  constructor(defaultUrl: () => string) {
    this.#defaultUrl = defaultUrl;
  }

  /** The `Cookie` header value for a request to `url`, or undefined when no cookie applies. */
  headerFor(url: string): string | undefined {
    if (!this.#used) return undefined;
    const value = this.#jar.getCookieStringSync(url);
    return value === '' ? undefined : value;
  }

  /** Stores the `Set-Cookie` headers of a response from `url`; invalid cookies are ignored, as a browser does. */
  storeFrom(url: string, headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      this.#used = true;
      this.#jar.setCookieSync(line, url, { ignoreError: true });
    }
  }

  /** Sets a cookie as if `url` (default: the target's origin) had sent `Set-Cookie: <cookie>`. */
  set(cookie: string, url = this.#defaultUrl()): void {
    this.#used = true;
    this.#jar.setCookieSync(cookie, url);
  }

  /** The value of the cookie `name` that a request to `url` would carry, or undefined. */
  get(name: string, url = this.#defaultUrl()): string | undefined {
    return this.#jar.getCookiesSync(url).find((c) => c.key === name)?.value;
  }

  /** Every cookie a request to `url` would carry. */
  all(url = this.#defaultUrl()): Cookie[] {
    return this.#jar.getCookiesSync(url);
  }

  /** Forgets every cookie. */
  clear(): void {
    this.#jar.removeAllCookiesSync();
  }
}
