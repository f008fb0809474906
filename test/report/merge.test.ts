/**
 * `tandem report merge`: the shop's suite run as 3 shards, each in a directory of its own (as CI
 * jobs on separate machines leave them), merged into one report and one coverage table that equal
 * those of the same suite run unsharded.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ReportData } from '../../src/report/report-data.js';
import { runCliIn, type CliOutcome } from '../cli/support.js';
import { readData, root, runEnv, runShop, show, tempDir } from './support.js';

/** One line per recorded request: its test, method, path and status (ids and times aside, which differ by run). */
function requests(data: ReportData): string[] {
  return data.entries.map((e) => `${e._test ?? '-'} | ${e.request.method} ${new URL(e.request.url).pathname} → ${e.response.status}`).sort();
}

function tests(data: ReportData): string[] {
  return data.tests.map((t) => `${t.name}: ${t.status}`).sort();
}

void describe('tandem report merge: 3 shards equal the unsharded run', () => {
  const dir = tempDir(after, 'tandem-merge-');
  let whole: ReportData;
  let merged: ReportData;
  let mergeRun: CliOutcome;
  const shards: CliOutcome[] = [];

  before(async () => {
    const runs = [runShop(['--report', join(dir, 'whole', 'report.html')], runEnv(join(dir, 'whole', 'coverage')))];
    for (const i of [1, 2, 3]) runs.push(runShop(['--shard', `${i}/3`, '--report', join(dir, `shard-${i}`, 'report.html')], runEnv(join(dir, `shard-${i}`, 'coverage'))));
    const [first, ...rest] = await Promise.all(runs);
    assert.equal(first!.code, 0, show(first!));
    for (const shard of rest) {
      assert.equal(shard.code, 0, show(shard));
      shards.push(shard);
    }
    whole = readData(join(dir, 'whole', 'report.json'));
    mergeRun = await runCliIn(root, ['report', 'merge', join(dir, 'shard-1'), join(dir, 'shard-2'), join(dir, 'shard-3'), '-o', join(dir, 'merged', 'report.html'), '--coverage', join(dir, 'merged', 'coverage.json')]);
    assert.equal(mergeRun.code, 0, show(mergeRun));
    merged = readData(join(dir, 'merged', 'report.json'));
  });

  void test('each shard ran a part of the suite', () => {
    const per = shards.map((s) => /— (\d+) tests?,/.exec(s.stderr)?.[1]).map(Number);
    assert.ok(per.every((n) => n > 0 && n < whole.counts.tests), `tests per shard: ${per.join(', ')} of ${whole.counts.tests}`);
    assert.equal(per.reduce((a, b) => a + b, 0), whole.counts.tests);
  });

  void test('the merged report has the same tests, requests and counts', () => {
    assert.ok(whole.entries.length > 10);
    assert.deepEqual(requests(merged), requests(whole));
    assert.deepEqual(tests(merged), tests(whole));
    assert.deepEqual(merged.counts, whole.counts);
    assert.deepEqual(merged.runs.map((r) => r.shard).sort(), ['1/3', '2/3', '3/3']);
    assert.ok(existsSync(join(dir, 'merged', 'report.html')));
  });

  void test('the merged coverage equals the unsharded run’s, though no shard covered it all', () => {
    const wholeCoverage = JSON.parse(readFileSync(join(dir, 'whole', 'coverage', 'coverage.json'), 'utf8')) as unknown;
    assert.deepEqual(merged.coverage, whole.coverage);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'merged', 'coverage.json'), 'utf8')), wholeCoverage);
    const shardCoverage = [1, 2, 3].map((i) => readData(join(dir, `shard-${i}`, 'report.json')).coverage!.covered);
    assert.ok(shardCoverage.every((covered) => covered < whole.coverage!.covered), `covered per shard: ${shardCoverage.join(', ')}`);
    assert.match(mergeRun.stderr, /^API coverage of .*openapi\.yaml: 7 of 8 documented responses exercised \(87\.5%\)$/m);
  });

  void test('a shard known only by its coverage directory merges too', async () => {
    const out = await runCliIn(root, ['report', 'merge', join(dir, 'shard-1', 'coverage'), join(dir, 'whole', 'coverage', 'coverage.json'), '-o', join(dir, 'loose', 'report.html')]);
    assert.equal(out.code, 0, show(out));
    assert.deepEqual(readData(join(dir, 'loose', 'report.json')).coverage, whole.coverage);
  });

  void test('an input that is no report, HAR file or coverage exits 1 and names it', async () => {
    const bogus = join(root, 'package.json');
    const out = await runCliIn(root, ['report', 'merge', bogus, '-o', join(dir, 'bad', 'report.html')]);
    assert.equal(out.code, 1, show(out));
    assert.match(out.stderr, new RegExp(`^tandem report merge: ${bogus.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is neither a report's data`, 'm'));
    assert.equal(existsSync(join(dir, 'bad')), false);
  });
});
