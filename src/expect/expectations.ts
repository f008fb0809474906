/** The checks a request can carry; each throws a tandem error with the full exchange on failure. */
import { ExpectationError } from '../errors/expectation-error.js';
import { TandemError } from '../errors/tandem-error.js';
import { UnexpectedStatusError } from '../errors/unexpected-status-error.js';
import { cut } from '../format/body-excerpt.js';
import { jsonDiff, toJsonText } from '../format/json-diff.js';
import type { TestResponse } from '../response/test-response.js';
import { redactHeaderValue } from '../format/redact.js';
import { matchesJson, projectOnto, testPattern, type JsonPattern } from './json-match.js';
import { describeStatus, isDefaultSuccess, statusMatches, type StatusPattern } from './status.js';

/** One check run against a response. */
export type Expectation = (response: TestResponse) => void;

const context = (res: TestResponse) => ({ request: res.request, response: res, target: res.target });

/** The default check: a status outside 2xx/3xx fails unless a status expectation admits it. */
export function expectDefaultStatus(res: TestResponse): void {
  if (isDefaultSuccess(res.status)) return;
  throw new UnexpectedStatusError(
    `expected a 2xx or 3xx status (the default; admit others with .expect(status)), got ${res.status} ${res.statusText}`.trimEnd(),
    { ...context(res), expected: '2xx or 3xx', actual: res.status },
  );
}

export function expectStatus(pattern: StatusPattern): Expectation {
  return (res) => {
    if (statusMatches(pattern, res.status)) return;
    throw new UnexpectedStatusError(`expected status ${describeStatus(pattern)}, got ${res.status} ${res.statusText}`.trimEnd(), {
      ...context(res),
      expected: pattern,
      actual: res.status,
    });
  };
}

export function expectHeader(name: string, pattern: string | RegExp): Expectation {
  return (res) => {
    const actual = name.toLowerCase() === 'set-cookie' ? res.headers.getSetCookie().join('\n') || null : res.headers.get(name);
    const ok = actual !== null && (typeof pattern === 'string' ? actual === pattern : testPattern(pattern, actual));
    if (ok) return;
    const got = actual === null ? 'it is absent' : `got ${JSON.stringify(actual)}`;
    throw new ExpectationError(`expected header ${name} to ${typeof pattern === 'string' ? 'be' : 'match'} ${typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern)}, ${got}`, {
      ...context(res),
      expected: pattern,
      actual,
    });
  };
}

export function expectNoHeader(name: string): Expectation {
  return (res) => {
    const values = name.toLowerCase() === 'set-cookie' ? res.headers.getSetCookie() : [res.headers.get(name)].filter((value) => value !== null);
    if (values.length === 0) return;
    const shown = values.map((value) => redactHeaderValue(name, value));
    throw new ExpectationError(`expected no header ${name}, got ${shown.map((value) => JSON.stringify(value)).join(', ')}`, { ...context(res), expected: undefined, actual: shown.join('\n') });
  };
}

export function expectJson(expected: JsonPattern, exact = false): Expectation {
  return (res) => {
    const actual: unknown = res.json;
    if (matchesJson(expected, actual, exact)) return;
    const projected = projectOnto(expected, actual, exact);
    throw new ExpectationError(exact ? 'expected the JSON body to equal (an exact match: no keys but the ones named)' : 'expected the JSON body to match (a partial match: keys not named are ignored)', {
      ...context(res),
      expected,
      actual: projected,
      details: `diff (- expected, + actual):\n${cut(jsonDiff(expected, projected), 4000)}`,
    });
  };
}

/**
 * A check of the test's own: `assert(res)` throws (or rejects) to fail. Its error becomes an
 * `ExpectationError` with the exchange around it (its message first, the thrown error as `cause`);
 * a tandem error (e.g. `res.json` on a body that is not JSON) is rethrown as it is.
 */
export function expectCustom(assert: (res: TestResponse) => unknown): (response: TestResponse) => void | Promise<void> {
  const fail = (res: TestResponse, error: unknown): never => {
    if (error instanceof TandemError) throw error;
    const text = error instanceof Error ? error.message : String(error);
    const [first = '', ...rest] = text.split('\n');
    throw new ExpectationError(`.expect(fn) failed: ${first}`, {
      ...context(res),
      cause: error,
      ...(error instanceof Error && 'expected' in error && 'actual' in error ? { expected: error.expected, actual: error.actual } : {}),
      details: rest.length > 0 ? cut(rest.join('\n').trim(), 4000) : undefined,
    });
  };
  return (res) => {
    let returned: unknown;
    try {
      returned = assert(res);
    } catch (error) {
      fail(res, error);
    }
    if (returned instanceof Promise) {
      return returned.then(
        () => undefined,
        (error: unknown) => fail(res, error),
      );
    }
  };
}

export function expectText(pattern: string | RegExp): Expectation {
  return (res) => {
    const text = res.text;
    if (typeof pattern === 'string' ? text === pattern : testPattern(pattern, text)) return;
    throw new ExpectationError(
      typeof pattern === 'string' ? 'expected the body text to equal the given string' : `expected the body text to match ${String(pattern)}`,
      { ...context(res), expected: pattern, actual: text, details: typeof pattern === 'string' ? `expected text:\n  ${cut(toJsonText(pattern), 500)}` : undefined },
    );
  };
}
