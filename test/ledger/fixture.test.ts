/** Fixtures: declared once, made on first use in a test (or the suite), removed with it by the ledger. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestApp, setCurrentTest, type TestApp } from '../../src/index.js';
import { resourceApi } from './support.js';

interface Item {
  id: string;
}

async function inTest<T>(api: TestApp, name: string, body: () => Promise<T>): Promise<T> {
  setCurrentTest(name);
  try {
    return await body();
  } finally {
    await api.cleanup('test');
    setCurrentTest(undefined);
  }
}

const createItem = async (api: TestApp): Promise<Item> => (await api.post('/items').expect(201)).json as Item;

void test('a test-scoped fixture is made once per test and removed after it', async (t) => {
  const server = resourceApi();
  const api = createTestApp(server.listener);
  t.after(() => api.close());
  const item = api.fixture(createItem);
  const first = await inTest(api, 'one', async () => {
    const [a, b] = await Promise.all([item(), item()]);
    assert.equal(a, b, 'shared within the test, also when asked for at once');
    assert.equal(await item(), a);
    return a;
  });
  assert.deepEqual(server.deletes(), [`/items/${first.id}`], 'removed after the test');
  const second = await inTest(api, 'two', () => item());
  assert.notEqual(second.id, first.id, 'the next test gets a new one');
  assert.deepEqual(server.deletes(), [`/items/${first.id}`, `/items/${second.id}`]);
});

void test('a suite-scoped fixture is shared by the tests and removed at close()', async () => {
  const server = resourceApi();
  const api = createTestApp(server.listener);
  const shared = api.fixture(createItem, { scope: 'suite' });
  const a = await inTest(api, 'one', () => shared());
  const b = await inTest(api, 'two', () => shared());
  assert.equal(a, b);
  assert.deepEqual(server.deletes(), [], 'the tests leave it');
  await api.close();
  assert.deepEqual(server.deletes(), [`/items/${a.id}`]);
});

void test('first used outside any test (in a before hook), a fixture is suite-scoped', async () => {
  const server = resourceApi();
  const api = createTestApp(server.listener);
  const item = api.fixture(createItem);
  const made = await item();
  await inTest(api, 'one', async () => assert.equal(await item(), made, 'the tests see the value made before them'));
  await inTest(api, 'two', async () => assert.equal(await item(), made));
  assert.deepEqual(server.deletes(), []);
  await api.close();
  assert.deepEqual(server.deletes(), [`/items/${made.id}`]);
});

void test('fixtures build on fixtures; remove() runs first, before what the fixture created (LIFO)', async () => {
  const server = resourceApi();
  const api = createTestApp(server.listener, { cleanup: { rules: [{ method: 'POST', path: '/orders', delete: '/orders/{json.id}' }] } });
  const order: string[] = [];
  const item = api.fixture(createItem);
  const orderOfItem = api.fixture(
    async (app) => {
      const { id } = await item();
      return { item: id, order: ((await app.post('/orders').expect(201)).json as Item).id };
    },
    { name: 'order reminder', remove: (value) => Promise.resolve(void order.push(`remove reminder for ${value.order} after ${server.deletes().length} deletes`)) },
  );
  await inTest(api, 'uses both', async () => {
    const value = await orderOfItem();
    assert.equal(value.item, (await item()).id);
  });
  assert.deepEqual(order, ['remove reminder for 2 after 0 deletes']);
  assert.deepEqual(server.deletes(), ['/orders/2', '/items/1']);
  await api.close();
});

void test('a creation that fails is not kept: the next call tries again', async () => {
  const api = createTestApp(resourceApi().listener);
  let calls = 0;
  const flaky = api.fixture(() => {
    if (++calls === 1) return Promise.reject(new Error('first try fails'));
    return calls;
  });
  await inTest(api, 'flaky', async () => {
    await assert.rejects(flaky(), /first try fails/);
    assert.equal(await flaky(), 2);
    assert.equal(await flaky(), 2);
  });
  await api.close();
});
