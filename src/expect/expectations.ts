/** The checks a request can carry; each throws a tandem error with the full exchange on failure. */
import { ExpectationError } from '../errors/expectation-error.js';
import { UnexpectedStatusError } from '../errors/unexpected-status-error.js';
import { cut } from '../format/body-excerpt.js';
import { jsonDiff, toJsonText } from '../format/json-diff.js';
import type { TestResponse } from '../response/test-response.js';
import { matchesPartial, projectOnto, testPattern, type JsonPattern } from './json-match.js';
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

export function expectJson(expected: JsonPattern): Expectation {
  return (res) => {
    const actual: unknown = res.json;
    if (matchesPartial(expected, actual)) return;
    const projected = projectOnto(expected, actual);
    throw new ExpectationError('expected the JSON body to match (a partial match: keys not named are ignored)', {
      ...context(res),
      expected,
      actual: projected,
      details: `diff (- expected, + actual):\n${cut(jsonDiff(expected, projected), 4000)}`,
    });
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
