/**
 * supertest's assertions, each returning an error or nothing, with supertest's first line
 * (`expected 200 "OK", got 500 "Internal Server Error"`) and tandem's context after it.
 */
import { deepStrictEqual } from 'node:assert';
import { inspect } from 'node:util';
import { SupertestAssertionError } from '../errors/supertest-assertion-error.js';
import { formatFailure } from '../format/failure-message.js';
import { jsonDiff } from '../format/json-diff.js';
import { cut } from '../format/body-excerpt.js';
import { reasonOf, type Response } from './response.js';

/** One `.expect()` turned into a check: an error when it fails, else undefined. */
export type Assertion = (res: Response) => Error | undefined;

function fail(res: Response, headline: string, extra?: { expected: unknown; actual: unknown; details?: string }): SupertestAssertionError {
  const { tandem } = res;
  return new SupertestAssertionError(headline, {
    request: tandem.request,
    response: tandem,
    target: tandem.target,
    ...(extra ? { expected: extra.expected, actual: extra.actual, details: extra.details } : {}),
  });
}

/** `.expect(200)`. */
export function assertStatus(status: number): Assertion {
  return (res) => {
    if (res.status === status) return undefined;
    return fail(res, `expected ${status} "${reasonOf(status)}", got ${res.status} "${reasonOf(res.status)}"`);
  };
}

/** `.expect([200, 404])`. */
export function assertStatusIn(statuses: readonly number[]): Assertion {
  return (res) => {
    if (statuses.includes(res.status)) return undefined;
    return fail(res, `expected one of "${statuses.join(', ')}", got ${res.status} "${reasonOf(res.status)}"`);
  };
}

/** `.expect(body)`: a string equals `res.text`, a RegExp matches it, anything else deep-equals `res.body`. */
export function assertBody(expected: unknown): Assertion {
  return (res) => {
    if (typeof expected === 'object' && expected !== null && !(expected instanceof RegExp)) {
      try {
        deepStrictEqual(expected, res.body);
        return undefined;
      } catch {
        return fail(res, `expected ${inspect(expected)} response body, got ${inspect(res.body)}`, {
          expected,
          actual: res.body,
          details: `- expected\n+ actual\n\n${cut(jsonDiff(expected, res.body), 4000)}`,
        });
      }
    }
    if (expected === res.text) return undefined;
    if (expected instanceof RegExp) {
      return expected.test(res.text) ? undefined : fail(res, `expected body ${inspect(res.text)} to match ${String(expected)}`, { expected, actual: res.body });
    }
    return fail(res, `expected ${inspect(expected)} response body, got ${inspect(res.text)}`, { expected, actual: res.body });
  };
}

/** `.expect('Content-Type', /json/)`: a header equals a string (or number) or matches a RegExp. */
export function assertHeader(field: string, value: string | number | RegExp): Assertion {
  const expected = typeof value === 'number' ? String(value) : value;
  return (res) => {
    const actual = res.headers[field.toLowerCase()];
    if (actual === undefined) return fail(res, `expected "${field}" header field`);
    if ((Array.isArray(actual) && actual.toString() === expected) || expected === actual) return undefined;
    if (expected instanceof RegExp) {
      return expected.test(String(actual)) ? undefined : fail(res, `expected "${field}" matching ${String(expected)}, got "${String(actual)}"`);
    }
    return fail(res, `expected "${field}" of "${expected}", got "${String(actual)}"`);
  };
}

/**
 * `.expect(fn)`: `fn(res)` throws or returns an error to fail. The error is the test's own, its
 * message untouched; tandem's context (request, response, curl line) is appended to its stack.
 */
export function assertWith(fn: (res: Response) => unknown): Assertion {
  return (res) => {
    let error: unknown;
    try {
      error = fn(res);
    } catch (thrown) {
      error = thrown;
    }
    if (!(error instanceof Error)) return undefined;
    const { tandem } = res;
    const context = formatFailure({ headline: '', request: tandem.request, response: tandem, target: tandem.target });
    if (typeof error.stack === 'string' && !error.stack.includes('\n  reproduce')) error.stack += `\n${context}`;
    return error;
  };
}
