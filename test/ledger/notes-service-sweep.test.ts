/**
 * The crash the ledger exists for, on the reference service with its real Redis and RabbitMQ: a
 * test process creates notes on the service (running as its own process) through tandem, is
 * killed with SIGKILL mid-run, and `tandem sweep` (the CLI, as its own process) leaves Redis
 * holding no key that run created, the worker's per-author counts included.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { eventually } from '../../examples/notes-service/test/support/eventually.js';
import { assertServicesAnswer, childEnv, outputTail, removeAmqpNamespace, startService } from '../../examples/notes-service/run-suite.js';
import { cleanEnv, runScript } from '../support/spec-runs.js';
import { startHangingRun } from './hanging-run.js';
import { tempDir } from './support.js';

const redisUrl = process.env.REDIS_URL?.trim() || undefined;
const amqpUrl = process.env.AMQP_URL?.trim() || undefined;
const required = process.env.TANDEM_REQUIRE_SERVICES === '1';
const HOW = 'set REDIS_URL and AMQP_URL to run it, e.g. REDIS_URL=redis://127.0.0.1:6379 AMQP_URL=amqp://guest:guest@127.0.0.1:5672';

/** Every key under `prefix`, and for hashes the fields: what the namespace holds. */
async function snapshot(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      if ((await redis.type(key)) === 'hash') for (const field of await redis.hkeys(key)) found.push(`${key} field ${field}`);
      else found.push(key);
    }
  } while (cursor !== '0');
  return found.sort();
}

void test(
  'SIGKILL a run against the notes service, then `tandem sweep`: Redis holds no key the run created',
  redisUrl && amqpUrl ? { timeout: 120_000 } : required ? { timeout: 120_000 } : { skip: `needs Redis and RabbitMQ: ${HOW}` },
  async (t) => {
    if (!redisUrl || !amqpUrl) return assert.fail(`TANDEM_REQUIRE_SERVICES=1 but REDIS_URL or AMQP_URL is not set: ${HOW}`);
    await assertServicesAnswer({ redisUrl, amqpUrl });
    const namespace = `tandem-sweep-${randomUUID().slice(0, 8)}`;
    const prefix = `${namespace}:`;
    t.after(() => removeAmqpNamespace(amqpUrl, namespace));
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
    redis.on('error', () => undefined);
    await redis.connect();
    t.after(() => redis.disconnect());

    const service = await startService({ env: childEnv({ REDIS_URL: redisUrl, AMQP_URL: amqpUrl, NOTES_NAMESPACE: namespace, TANDEM_TARGET: undefined }) });
    let stopped = false;
    t.after(async () => {
      if (!stopped) await service.stop();
    });
    assert.deepEqual(await snapshot(redis, prefix), [], 'a fresh namespace');

    const dir = tempDir(t);
    const runId = `notes-kill-${randomUUID().slice(0, 8)}`;
    const author = `sweep-${randomUUID().slice(0, 8)}`;
    const run = await startHangingRun(t, {
      TANDEM_TARGET: service.url,
      TANDEM_RUN_ID: runId,
      TANDEM_LEDGER_DIR: dir,
      CREATE_PATH: '/notes',
      CREATE_BODY: JSON.stringify({ author }),
      CREATE_COUNT: '3',
    });
    // The worker counts the notes asynchronously: wait until everything the run made is in Redis.
    const created = await eventually(
      async () => {
        const keys = await snapshot(redis, prefix);
        assert.ok(keys.includes(`${prefix}stats:notes field ${author}`), keys.join(', '));
        return keys;
      },
      { timeoutMs: 15_000, intervalMs: 50 },
    );
    assert.equal(created.filter((key) => key.startsWith(`${prefix}note:`)).length, 3);
    assert.ok(created.includes(`${prefix}author:${author}:notes`));
    await run.kill();
    assert.equal(run.child.signalCode, 'SIGKILL');
    assert.deepEqual(await snapshot(redis, prefix), created, 'the killed run cleaned up nothing');

    const swept = await runScript(['src/cli/main.ts', 'sweep', '--dir', dir, '--run', runId, '--target', service.url], { env: cleanEnv() });
    t.diagnostic(swept.stdout.trim().split('\n').at(-1) ?? '');
    assert.equal(swept.code, 0, `tandem sweep failed\n${swept.stdout}${swept.stderr}`);
    assert.match(swept.stdout, /3 deleted, 0 already gone, 0 failed/);
    assert.equal(existsSync(join(dir, `${runId}.jsonl`)), false, 'the run file is removed once the run is clean');

    // The deletions' events reach the worker asynchronously; then the counts are gone too.
    const left = await eventually(
      async () => {
        const keys = await snapshot(redis, prefix);
        assert.deepEqual(keys, []);
        return keys;
      },
      { timeoutMs: 15_000, intervalMs: 50 },
    ).catch((error: unknown) => error);
    assert.deepEqual(left, [], `Redis still holds keys the run created: ${String(left)}\n--- service ---\n${outputTail(service.output(), 20)}`);
    stopped = true;
    const ended = await service.stop();
    assert.deepEqual(ended, { code: 0, signal: null, forced: false });
  },
);
