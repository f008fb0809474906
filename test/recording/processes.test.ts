import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { cleanEnv, runScript } from '../support/spec-runs.js';
import { readValidHar, tempDir } from './support.js';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const fromTags = (file: string) =>
  readValidHar(file)
    .har.log.entries.map((e) => e.request.queryString.find((q) => q.name === 'from')?.value)
    .sort();

void describe('one HAR file for a run of several processes', () => {
  let tmp: ReturnType<typeof tempDir>;
  before(() => (tmp = tempDir()));
  after(() => tmp.remove());

  void test('node --test runs each file in its own process: one run adds both to the file, the next run replaces it', async () => {
    const file = join(tmp.dir, 'node-test.har');
    const env = cleanEnv({ TANDEM_HAR: file });
    for (let run = 1; run <= 2; run++) {
      const outcome = await runScript(['--test', '--test-reporter=tap', fixture('spec-a.spec.ts'), fixture('spec-b.spec.ts')], { env });
      assert.equal(outcome.code, 0, outcome.stdout + outcome.stderr);
      assert.deepEqual(fromTags(file), ['a', 'a', 'b', 'b'], `run ${run}`);
    }
  });

  void test('processes writing at the same moment (same TANDEM_RUN_ID) lose nothing; the lock and temporary files are gone', async () => {
    const file = join(tmp.dir, 'concurrent.har');
    const env = cleanEnv({ TANDEM_HAR: file, TANDEM_RUN_ID: 'run-1' });
    const outcomes = await Promise.all(['p1', 'p2', 'p3', 'p4'].map((tag) => runScript([fixture('writer.ts'), '5', tag], { env })));
    for (const outcome of outcomes) assert.equal(outcome.code, 0, outcome.stderr);
    const tags = fromTags(file);
    assert.equal(tags.length, 20);
    for (const tag of ['p1', 'p2', 'p3', 'p4']) assert.equal(tags.filter((t) => t === tag).length, 5, tag);
    const { har } = readValidHar(file);
    const started = har.log.entries.map((e) => e.startedDateTime);
    assert.deepEqual(started, [...started].sort(), 'entries are in start order');
    assert.deepEqual(readdirSync(tmp.dir).filter((name) => name.startsWith('concurrent')), ['concurrent.har']);

    const next = await runScript([fixture('writer.ts'), '1', 'next'], { env: cleanEnv({ TANDEM_HAR: file, TANDEM_RUN_ID: 'run-2' }) });
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual(fromTags(file), ['next'], 'another run id replaces the file');
  });

  void test('a test app never closed is written when its process exits', async () => {
    const file = join(tmp.dir, 'at-exit.har');
    const outcome = await runScript([fixture('writer.ts'), '2', 'unclosed', '--no-close'], { env: cleanEnv({ TANDEM_HAR: file }) });
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.deepEqual(fromTags(file), ['unclosed', 'unclosed']);
  });

  void test('a process ended by SIGTERM (as Vitest ends its workers) writes the file, then still ends by the signal', async () => {
    const file = join(tmp.dir, 'sigterm.har');
    const child = spawn(process.execPath, ['--import', 'tsx', fixture('writer.ts'), '2', 'terminated', '--no-close', '--hang'], {
      env: cleanEnv({ TANDEM_HAR: file }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    try {
      let output = '';
      for await (const chunk of child.stdout) {
        output += String(chunk);
        if (output.includes('recorded')) break;
      }
      child.kill('SIGTERM');
      const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
      assert.deepEqual([code, signal], [null, 'SIGTERM']);
      assert.deepEqual(fromTags(file), ['terminated', 'terminated']);
    } finally {
      clearTimeout(killer);
    }
  });
});
