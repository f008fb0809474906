import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestApp, localOnly } from '../../../src/index.js';
import { createApp } from '../src/app.js';
import { MemoryBus } from '../src/events/memory-bus.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { BrokenBus, UnreachableStore } from './support/broken-dependencies.js';
import { countRequests, OPENAPI, useNotesApi } from './support/notes-api.js';

const api = useNotesApi();

void test('reports its dependencies up on /health', async () => {
  // The suite is configured like the service it tests: same REDIS_URL and AMQP_URL, or neither.
  const store = process.env.REDIS_URL ? 'redis' : 'memory';
  const events = process.env.AMQP_URL ? 'amqp' : 'memory';
  await api
    .get('/health')
    .expect(200)
    .expectJson({ status: 'ok', checks: { store: { kind: store, status: 'up' }, events: { kind: events, status: 'up' } } });
});

void test('runs where TANDEM_TARGET points, or in-process without it', () => {
  assert.equal(api.mode, process.env.TANDEM_TARGET ? 'remote' : 'in-process');
});

/** The app built on patched dependencies: possible in-process only. */
function patchedApp(deps: { store?: MemoryStore; bus?: MemoryBus }, errors: unknown[] = []) {
  return countRequests(createTestApp(() => createApp({ store: deps.store ?? new MemoryStore(), bus: deps.bus ?? new MemoryBus(), log: (_, error) => errors.push(error) }), { openapi: OPENAPI }));
}

void test('answers 503 on /health when Redis is down', localOnly('replaces the store with one that cannot connect'), async (t) => {
  const broken = patchedApp({ store: new UnreachableStore() });
  t.after(() => broken.close());
  await broken
    .get('/health')
    .expect(503)
    .expectJson({ status: 'unavailable', checks: { store: { status: 'down', error: /ECONNREFUSED/ }, events: { status: 'up' } } });
});

void test('answers 503 on /health when RabbitMQ is down', localOnly('replaces the event bus with a closed one'), async (t) => {
  const bus = new BrokenBus();
  const broken = patchedApp({ bus });
  t.after(() => broken.close());
  await broken.get('/health').expect(503).expectJson({ checks: { store: { status: 'up' }, events: { status: 'down', error: /closed/ } } });
});

void test('answers 500 with a problem, and no internals, when a write fails', localOnly('replaces the store with one that cannot connect'), async (t) => {
  const errors: unknown[] = [];
  const broken = patchedApp({ store: new UnreachableStore() }, errors);
  t.after(() => broken.close());
  const res = await broken
    .post('/notes')
    .json({ author: 'ada', title: 'hi' })
    .expect(500)
    .expectHeader('content-type', 'application/problem+json')
    .expectJson({ type: /internal$/, status: 500, instance: '/notes' });
  assert.doesNotMatch(res.text, /ECONNREFUSED|at .*\.ts/);
  assert.equal(errors.length, 1, 'the error is logged once');
});

void test('does not answer 201 when the event cannot be published', localOnly('replaces the event bus with a closed one'), async (t) => {
  const broken = patchedApp({ bus: new BrokenBus() }, []);
  t.after(() => broken.close());
  await broken.post('/notes').json({ author: 'ada', title: 'hi' }).expect(500);
});
