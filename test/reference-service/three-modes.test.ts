/**
 * The reference service's one suite (examples/notes-service/test/*.spec.ts), run three ways:
 * in-process on in-memory stand-ins, in-process on the real Redis and RabbitMQ, and against the
 * service running as its own process, selected by TANDEM_TARGET alone.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { eventually } from '../../examples/notes-service/test/support/eventually.js';
import { createTestApp } from '../../src/index.js';
import { assertServicesAnswer, childEnv, countRedisKeys, outputTail, removeAmqpNamespace, runPassed, runSuite, startService, type SuiteRun } from '../../examples/notes-service/run-suite.js';

const redisUrl = process.env.REDIS_URL?.trim() || undefined;
const amqpUrl = process.env.AMQP_URL?.trim() || undefined;
const haveServices = redisUrl !== undefined && amqpUrl !== undefined;
const requireServices = process.env.TANDEM_REQUIRE_SERVICES === '1';
const HOW_TO_ENABLE =
  'set REDIS_URL and AMQP_URL to run it, e.g. REDIS_URL=redis://127.0.0.1:6379 AMQP_URL=amqp://guest:guest@127.0.0.1:5672 npm test (or run .ci/run)';

/** Skips a real-service mode, saying how to enable it, unless the services are there or required. */
function needsServices(): { skip?: string; timeout: number } {
  return haveServices || requireServices ? { timeout: 300_000 } : { skip: `needs Redis and RabbitMQ: ${HOW_TO_ENABLE}`, timeout: 300_000 };
}

async function services(): Promise<{ redisUrl: string; amqpUrl: string }> {
  if (!redisUrl || !amqpUrl) {
    const missing = [!redisUrl && 'REDIS_URL', !amqpUrl && 'AMQP_URL'].filter(Boolean);
    assert.fail(`TANDEM_REQUIRE_SERVICES=1 but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: ${HOW_TO_ENABLE}`);
  }
  await assertServicesAnswer({ redisUrl, amqpUrl });
  return { redisUrl, amqpUrl };
}

/** A namespace of Redis keys, exchange and queue for this run only, removed afterwards. */
function runNamespace(t: TestContext, mode: string, amqp: string): string {
  const namespace = `tandem-test-${mode}-${randomUUID().slice(0, 8)}`;
  t.after(() => removeAmqpNamespace(amqp, namespace));
  return namespace;
}

function assertRun(t: TestContext, run: SuiteRun): void {
  t.diagnostic(`${run.passed}/${run.tests} passed, ${run.skipped} skipped, ${run.requests} requests, ${Math.round(run.durationMs)} ms`);
  assert.ok(
    runPassed(run),
    `the suite failed (exit ${run.exitCode}${run.timedOut ? ', timed out' : ''}; ${run.passed} passed, ${run.failed} failed, ${run.cancelled} cancelled)\n` +
      `command: ${run.command}\n--- output ---\n${outputTail(run.output)}`,
  );
  assert.ok(run.requests > 0, 'the suite sent no request');
}

void test('mode 1: in-process, on in-memory stand-ins', { timeout: 300_000 }, async (t) => {
  const run = await runSuite({ env: childEnv({ REDIS_URL: undefined, AMQP_URL: undefined, TANDEM_TARGET: undefined, NOTES_NAMESPACE: undefined }) });
  assertRun(t, run);
  assert.equal(run.skipped, 0, 'no test is skipped in-process');
});

void test('mode 2: in-process, on the real Redis and RabbitMQ', needsServices(), async (t) => {
  const real = await services();
  const namespace = runNamespace(t, 'in-process', real.amqpUrl);
  const run = await runSuite({ env: childEnv({ REDIS_URL: real.redisUrl, AMQP_URL: real.amqpUrl, TANDEM_TARGET: undefined, NOTES_NAMESPACE: namespace }) });
  assertRun(t, run);
  assert.equal(run.skipped, 0, 'no test is skipped in-process');
  assert.equal((await countRedisKeys(real.redisUrl, `${namespace}:*`)).matching, 0, `Redis keys left under ${namespace}:`);
});

void test('mode 3: against the service as its own process, on the real Redis and RabbitMQ', needsServices(), async (t) => {
  const real = await services();
  const namespace = runNamespace(t, 'process', real.amqpUrl);
  const env = childEnv({ REDIS_URL: real.redisUrl, AMQP_URL: real.amqpUrl, TANDEM_TARGET: undefined, NOTES_NAMESPACE: namespace });
  const service = await startService({ env });
  let stopped = false;
  t.after(async () => {
    if (!stopped) await service.stop();
  });
  // Data that was there before the run, as on any real deployment: the suite must leave it alone.
  const resident = createTestApp(service.url);
  t.after(() => resident.close());
  const seeded = await resident.post('/notes').json({ author: 'resident', title: 'there before the tests' }).expect(201);
  const location = seeded.headers.get('location')!;
  await eventually(() => resident.get('/stats/resident').expectJson({ notes: 1 }));

  const before = await countRedisKeys(real.redisUrl, `${namespace}:*`);
  const run = await runSuite({ env: { ...env, TANDEM_TARGET: service.url } });
  const after = await countRedisKeys(real.redisUrl, `${namespace}:*`);
  t.diagnostic(`service at ${service.url}; Redis keys under ${namespace}: ${before.matching} before, ${after.matching} after (whole database: ${before.total} before, ${after.total} after)`);
  assertRun(t, run);
  assert.ok(run.skipped > 0, 'the local-only tests are skipped against a deployment');
  assert.match(run.output, /# SKIP local-only: replaces .* \(TANDEM_TARGET=http:\/\/127\.0\.0\.1:\d+\)/);
  assert.ok(before.matching > 0);
  assert.equal(after.matching, before.matching, `the run left Redis keys under ${namespace}:`);
  await resident.get(location).expect(200).expectJson(seeded.json);
  await resident.get('/stats/resident').expectJson({ notes: 1, edits: 0 });

  await resident.delete(location).expect(204);
  await eventually(async () => assert.equal((await countRedisKeys(real.redisUrl, `${namespace}:*`)).matching, 0));
  stopped = true;
  const ended = await service.stop();
  assert.deepEqual(ended, { code: 0, signal: null, forced: false }, `the service did not stop cleanly on SIGTERM\n${outputTail(service.output(), 20)}`);
});
