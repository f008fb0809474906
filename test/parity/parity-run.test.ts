/**
 * `tandem test --compare`: the same suite sent to two versions of a small service, each on a real
 * port (the candidate answers a price as a string and adds a header; both put a timestamp and a
 * random request id in every body). Exactly the real differences are reported, the timestamp and
 * request id as noise, and the run fails; two instances of one version differ in nothing; with
 * --compare-writes each target is left with the records it had.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FieldDifference } from '../../src/parity/parity-summary.js';
import { runCliIn } from '../cli/support.js';
import { readData, runEnv, show, tempDir } from '../report/support.js';
import { serveVersion, type VersionService } from '../fixtures/parity/versions-app.js';
import { browserSkip, launchChromium } from '../report/browser.js';
import { pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = join(root, 'test/fixtures/parity/tandem.config.ts');

const line = (d: FieldDifference) => `${d.where} ${d.path} ${d.kind}${d.noise ? ' (noise)' : ''}`;

void describe('tandem test --compare: two versions of a service', () => {
  const dir = tempDir(after, 'tandem-parity-');
  let a: VersionService;
  let a2: VersionService;
  let b: VersionService;

  before(async () => {
    [a, a2, b] = await Promise.all([serveVersion(1), serveVersion(1), serveVersion(2)]);
  });
  after(async () => {
    await Promise.all([a?.close(), a2?.close(), b?.close()]);
  });

  const parity = (name: string, args: string[]) => runCliIn(root, ['test', '--config', config, '--report', join(dir, name, 'report.html'), ...args], { env: runEnv(join(dir, name, 'coverage')), boundMs: 120_000 });

  void test('A vs B: exactly the real differences, the timestamp and request id as noise, exit 1', async () => {
    const out = await parity('a-b', ['--target', a.url, '--compare', b.url]);
    assert.equal(out.code, 1, show(out));
    assert.match(out.stderr, /^tandem: .* — 3 tests, \d+ requests, 0 leftovers — passed$/m, 'the tests themselves pass on A');
    assert.match(out.stderr, new RegExp(`^tandem: parity ${a.url} vs ${b.url} — 2 requests compared, 3 not compared, 4 differences, 4 noise fields$`, 'm'));
    const summary = readData(join(dir, 'a-b', 'report.json')).parity!;
    const compared = summary.exchanges.filter((x) => x.notCompared === undefined).map((x) => [`${x.method} ${new URL(x.url).pathname}`, x.differences.map(line)]);
    assert.deepEqual(compared, [
      ['GET /items', ['header x-api-version added', 'body $.items[0].price type', 'body $.at changed (noise)', 'body $.requestId changed (noise)']],
      ['GET /items/1', ['header x-api-version added', 'body $.price type', 'body $.at changed (noise)', 'body $.requestId changed (noise)']],
    ]);
    const price = summary.exchanges[1]!.differences.find((d) => d.path === '$.price')!;
    assert.deepEqual([price.primary, price.candidate], ['12', '"12.00"']);
    assert.deepEqual(
      summary.exchanges.filter((x) => x.notCompared !== undefined).map((x) => `${x.method} ${new URL(x.url).pathname}: ${x.notCompared}`),
      [
        'POST /items: POST is sent to the candidate only with --compare-writes (compare: { writes: true })',
        'GET /items/2: it names a resource only the primary has (made by POST /items)',
        'DELETE /items/2: DELETE is sent to the candidate only with --compare-writes (compare: { writes: true })',
      ],
    );
    assert.match(out.stderr, /^ {2}GET \/items\/1 {2}\$\.price {2}type: 12 → "12\.00"$/m);
    assert.deepEqual([...b.items.keys()], ['1'], 'without --compare-writes nothing was written to the candidate');
  });

  void test('the report shows the differences side by side, noise apart, without a console error', { skip: browserSkip() }, async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(pathToFileURL(join(dir, 'a-b', 'report.html')).href);
      await page.waitForSelector('#parity table');
      assert.match((await page.textContent('#parity h2')) ?? '', new RegExp(`^Parity: ${a.url} vs ${b.url}$`));
      assert.deepEqual(await page.locator('#parity tr.difference:not(.noise) td:nth-child(2)').allTextContents(), ['header x-api-version', '$.items[0].price', 'header x-api-version', '$.price']);
      assert.equal(await page.locator('#parity tr.noise').count(), 4);
      assert.deepEqual(await page.locator('#parity tr.difference', { hasText: '$.price' }).locator('td').allTextContents(), ['type', '$.price', '12', '"12.00"']);
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });

  void test('A vs A2, two instances of one version: 0 differences, exit 0', async () => {
    const out = await parity('a-a2', ['--target', a.url, '--compare', a2.url]);
    assert.equal(out.code, 0, show(out));
    assert.match(out.stderr, new RegExp(`^tandem: parity ${a.url} vs ${a2.url} — 2 requests compared, 3 not compared, 0 differences, 4 noise fields$`, 'm'));
  });

  void test('--compare-writes: writes reach the candidate under its own ids, and both targets keep only the records they had', async () => {
    const before = [[...a.items.keys()], [...b.items.keys()]];
    const out = await parity('writes', ['--target', a.url, '--compare', b.url, '--noise', a2.url, '--compare-writes', '--compare-report-only']);
    assert.equal(out.code, 0, `--compare-report-only reports without failing\n${show(out)}`);
    assert.deepEqual([[...a.items.keys()], [...b.items.keys()], [...a2.items.keys()]], [...before, ['1']]);
    const summary = readData(join(dir, 'writes', 'report.json')).parity!;
    assert.equal(summary.notCompared, 0);
    const read = summary.exchanges.find((x) => x.method === 'GET' && /\/items\/\d{2,}$/.test(x.candidateUrl ?? ''));
    assert.ok(read, `the created item was read on the candidate under its own id: ${JSON.stringify(summary.exchanges.map((x) => [x.url, x.candidateUrl]))}`);
    assert.deepEqual(read.differences.filter((d) => !d.noise).map(line), ['header x-api-version added', 'body $.price type'], 'the mapped id is not a difference');
  });
});
