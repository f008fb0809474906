/**
 * The run report in a real Chromium: the shop's suite, with one test made to fail, run through
 * `tandem test --report`; the page must render without a console error, show the failed test with
 * its diff, keep a response's markup as text, and filter by status and by search.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { browserSkip, launchChromium } from './browser.js';
import { readData, runEnv, runShop, show, tempDir } from './support.js';
import type { CliOutcome } from '../cli/support.js';
import type { ReportData } from '../../src/report/report-data.js';

const skip = browserSkip();

void describe('the run report in Chromium', { skip }, () => {
  let browser: Browser;
  let page: Page;
  let out: CliOutcome;
  let data: ReportData;
  const problems: string[] = [];
  const dir = tempDir(after);

  before(async () => {
    const html = join(dir, 'out', 'report.html');
    out = await runShop(['--report', html], runEnv(join(dir, 'coverage'), { REPORT_FIXTURE_FAIL: '1' }));
    data = readData(join(dir, 'out', 'report.json'));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`network request: ${request.url()}`);
    });
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector('#tests .test');
  });

  after(async () => {
    await browser?.close();
  });

  void test('the run fails (one test failed), and the report says so', () => {
    assert.equal(out.code, 1, show(out));
    assert.match(out.stderr, /^tandem: report written to .*report\.html$/m);
    assert.deepEqual(data.tests.filter((t) => t.status === 'failed').map((t) => t.name), ['reads the price of an item']);
  });

  void test('renders without a console error, a page error or a network request', async () => {
    assert.deepEqual(problems, []);
    assert.equal(await page.title(), 'tandem report — app — 1 failed');
  });

  void test('shows every test, and the failed one open with its message and diff', async () => {
    assert.equal(await page.locator('#tests .test').count(), data.tests.length);
    const failed = page.locator('#tests .test.failed');
    assert.equal(await failed.count(), 1);
    assert.equal(await failed.getAttribute('open'), '');
    assert.match((await failed.locator('summary .name').textContent()) ?? '', /^reads the price of an item$/);
    const failure = failed.locator('pre.failure');
    assert.match((await failure.textContent()) ?? '', /expected the JSON body to match/);
    const trimmed = async (selector: string) => (await failure.locator(selector).allTextContents()).map((line) => line.trim());
    assert.deepEqual(await trimmed('.del'), ['-   "price": 100']);
    assert.deepEqual(await trimmed('.add'), ['+   "price": 99']);
    assert.equal(await failed.locator('.failure-title').textContent(), 'failure (TANDEM_EXPECTATION_FAILED)');
  });

  void test("a test's requests expand to their headers and bodies; markup in a body stays text", async () => {
    const banner = page.locator('#tests .test', { hasText: 'shows the banner' });
    await banner.locator('summary').first().click();
    const request = banner.locator('details.request').first();
    assert.match((await request.locator('summary').textContent()) ?? '', /^GET\s*http:\/\/localhost\/banner\s*200/);
    await request.locator('summary').click();
    const body = await request.locator('.detail pre').nth(1).textContent();
    assert.match(body ?? '', /<script>document\.title = "injected"/);
    assert.equal(await page.title(), 'tandem report — app — 1 failed', 'the body did not run');
    assert.deepEqual(problems, []);
  });

  void test('the status filters and the search show only what matches', async () => {
    const visible = () => page.locator('#tests .test:not(.hidden) .name').allTextContents();
    await page.uncheck('#show-passed');
    assert.deepEqual(await visible(), ['reads the price of an item']);
    assert.match((await page.textContent('#shown')) ?? '', /^1 of 7 tests shown$/);
    await page.check('#show-passed');
    await page.uncheck('#show-failed');
    assert.equal((await visible()).length, data.tests.length - 1);
    await page.check('#show-failed');
    await page.fill('#search', '/items/999');
    assert.deepEqual(await visible(), ['answers 404 for an item that does not exist']);
    await page.fill('#search', 'BANNER');
    assert.deepEqual(await visible(), ['shows the banner']);
    await page.fill('#search', 'no test is called this');
    assert.deepEqual(await visible(), []);
    await page.fill('#search', '');
    assert.equal((await visible()).length, data.tests.length);
  });

  void test('shows the API coverage table', async () => {
    assert.match((await page.textContent('#coverage h2')) ?? '', /^API coverage of .*openapi\.yaml: 7 of 8 documented responses \(87\.5%\)$/);
    assert.equal(await page.locator('#coverage .cov-no').count(), 1);
  });
});
