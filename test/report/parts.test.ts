/** The report's parts on their own: failures as the runners report them, the page's escaping, merging. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ExpectationError } from '../../src/errors/expectation-error.js';
import { ReportError } from '../../src/errors/report-error.js';
import { mergeCoverage } from '../../src/report/merge-coverage.js';
import { mergeReports } from '../../src/report/merge-reports.js';
import { renderReport } from '../../src/report/render-report.js';
import { REPORT_FORMAT, type ReportCoverage, type ReportData } from '../../src/report/report-data.js';
import { failureOf } from '../../src/report/test-outcomes.js';
import { dataFileOf } from '../../src/report/write-report.js';
import type { HarEntry } from '../../src/recording/har.js';
import { tempDir } from './support.js';

const entry = (url: string, test?: string): HarEntry => ({
  startedDateTime: '2026-01-01T00:00:00.000Z',
  time: 1,
  request: { method: 'GET', url, httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: [], headersSize: -1, bodySize: 0 },
  response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: 'text/plain', text: '' }, redirectURL: '', headersSize: -1, bodySize: 0 },
  cache: {},
  timings: { send: 0, wait: 1, receive: 0 },
  _mode: 'in-process',
  ...(test === undefined ? {} : { _test: test }),
});

const data = (extra: Partial<ReportData> = {}): ReportData => ({ tandemReport: REPORT_FORMAT, runs: [], counts: { tests: 0, requests: 0, leftovers: 0 }, tests: [], entries: [], ...extra });

const coverage = (document: string, covered: boolean): ReportCoverage => ({
  document,
  covered: covered ? 1 : 0,
  total: 2,
  percent: covered ? 50 : 0,
  operations: [{ method: 'GET', path: '/a', called: covered, undocumentedStatuses: [], responses: [{ status: '200', covered, counted: true, seen: covered ? [200] : [] }, { status: '404', covered: false, counted: true, seen: [] }] }],
  undocumented: [],
});

void describe('failureOf: what the runners report, made fit for the report', () => {
  void test("node:test's ERR_TEST_FAILURE is unwrapped to the error the test threw, colours removed", () => {
    const thrown = new TypeError('\u001b[31mboom\u001b[39m');
    const wrapper = Object.assign(new Error('test failed', { cause: thrown }), { code: 'ERR_TEST_FAILURE' });
    assert.deepEqual(failureOf(wrapper), { message: 'TypeError: boom' });
  });

  void test("tandem's errors keep their code; Vitest's serialized errors keep their diff", () => {
    assert.deepEqual(failureOf(new ExpectationError('expected the JSON body to match')), { message: 'ExpectationError: expected the JSON body to match', code: 'TANDEM_EXPECTATION_FAILED' });
    assert.deepEqual(failureOf({ name: 'AssertionError', message: 'expected 1 to be 2', diff: '- 2\n+ 1' }), { message: 'AssertionError: expected 1 to be 2\n\n- 2\n+ 1' });
  });

  void test('a runaway message is cut', () => {
    const { message } = failureOf(new Error('x'.repeat(50_000)));
    assert.ok(message.length < 20_100 && message.endsWith('(cut at 20000 characters)'));
  });
});

void describe('renderReport', () => {
  void test('no recorded body can close the data block: every < in the data is escaped', () => {
    const hostile = entry('http://localhost/</script><script>alert(1)</script>', '</script>');
    const html = renderReport(data({ entries: [hostile] }));
    const block = /<script type="application\/json" id="tandem-report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    assert.ok(!block.includes('<'), block);
    assert.equal((JSON.parse(block) as ReportData).entries[0]!._test, '</script>');
  });

  void test('the page loads nothing from anywhere (its content security policy says so)', () => {
    assert.match(renderReport(data()), /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  });

  void test("the data file sits beside the page", () => {
    assert.equal(dataFileOf('/out/report.html'), '/out/report.json');
    assert.equal(dataFileOf('/out/report'), '/out/report.json');
  });
});

void describe('merging', () => {
  const dir = tempDir(after, 'tandem-report-parts-');

  void test('coverage: exercised by any shard is exercised, the totals computed again', () => {
    const merged = mergeCoverage([coverage('api.yaml', false), coverage('api.yaml', true)])!;
    assert.deepEqual([merged.covered, merged.total, merged.percent], [1, 2, 50]);
    assert.deepEqual(merged.operations[0]!.responses.map((r) => [r.status, r.covered, r.seen]), [['200', true, [200]], ['404', false, []]]);
  });

  void test('coverage of two different documents is refused', () => {
    assert.throws(() => mergeCoverage([coverage('a.yaml', true), coverage('b.yaml', true)]), (error: unknown) => error instanceof ReportError && error.code === 'TANDEM_REPORT' && /a\.yaml, b\.yaml/.test(error.message));
  });

  void test('a HAR file merges with reports: its requests are added and counted', () => {
    const har = join(dir, 'shard.har');
    writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [entry('http://localhost/b', 't2')] } }));
    const report = join(dir, 'report.json');
    writeFileSync(report, JSON.stringify(data({ counts: { tests: 1, requests: 1, leftovers: 0 }, tests: [{ name: 't1', status: 'passed' }], entries: [entry('http://localhost/a', 't1')] })));
    const merged = mergeReports([report, har]);
    assert.deepEqual(merged.entries.map((e) => e.request.url), ['http://localhost/a', 'http://localhost/b']);
    assert.deepEqual(merged.counts, { tests: 1, requests: 2, leftovers: 0 });
  });

  void test('a directory with nothing to merge, a missing path and no path at all are refused, naming what', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    assert.throws(() => mergeReports([empty]), (error: unknown) => error instanceof ReportError && error.message.startsWith(`nothing to merge in ${empty}`));
    assert.throws(() => mergeReports([join(dir, 'missing')]), (error: unknown) => error instanceof ReportError && error.message.includes('missing'));
    assert.throws(() => mergeReports([]), ReportError);
  });
});
