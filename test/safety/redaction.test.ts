/**
 * Secrets handed to tandem (values of `options.headers`, `options.secrets`) never appear in a
 * failure message, its curl line or the error's printed form, in either mode.
 */
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { createTestApp, TandemError } from '../../src/index.js';
import { serve, tempDir } from '../ledger/support.js';

const TENANT_KEY = 'tenant-9d8c7b6a5f4e';
const PASSWORD = 'hunter2-3a4b5c6d';

for (const mode of ['in-process', 'remote'] as const) {
  void test(`option header values and options.secrets are scrubbed from failure messages and curl lines (${mode})`, async (t) => {
    const listener = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      // Echoes what it got, the way an error page might.
      req.on('end', () => res.writeHead(500, { 'content-type': 'text/plain' }).end(`failed for ${String(req.headers['x-tenant'])}: ${body}`));
    };
    const app = mode === 'in-process' ? listener : await serve(t, listener);
    const api = createTestApp(app, { env: {}, ledgerDir: tempDir(t), headers: { 'x-tenant': TENANT_KEY, accept: 'application/json' }, secrets: [PASSWORD] });
    t.after(() => api.close());
    const error = await api.post('/login').json({ user: 'ada', password: PASSWORD }).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TandemError, String(error));
    assert.match(error.message, /reproduce[^\n]*:\n\s+curl -X POST/);
    assert.match(error.message, /accept: application\/json/, 'plain headers are still shown');
    for (const [channel, text] of Object.entries({ message: error.message, stack: error.stack ?? '', inspect: inspect(error, { depth: 5 }) })) {
      for (const secret of [TENANT_KEY, PASSWORD]) assert.ok(!text.includes(secret), `${secret} appears in the ${channel}:\n${text}`);
    }
  });
}

void test('a request refused through api.dispatcher does not show options.secrets or option header values', async (t) => {
  const { request } = await import('undici');
  const api = createTestApp((_req: unknown, res: import('node:http').ServerResponse) => void res.end('ok'), {
    env: {},
    config: false,
    ledgerDir: tempDir(t),
    readOnly: true,
    headers: { 'x-tenant': TENANT_KEY },
    secrets: [PASSWORD],
  });
  t.after(() => api.close());
  await api.ready();
  const error = await request(new URL(`/login?token=${PASSWORD}`, api.origin), { method: 'POST', dispatcher: api.dispatcher, headers: { 'x-tenant': TENANT_KEY }, body: `password=${PASSWORD}` }).then(
    () => assert.fail('resolved'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof TandemError && error.code === 'TANDEM_READ_ONLY', String(error));
  for (const [channel, text] of Object.entries({ message: error.message, inspect: inspect(error, { depth: 5 }) })) {
    for (const secret of [TENANT_KEY, PASSWORD]) assert.ok(!text.includes(secret), `${secret} appears in the ${channel}:\n${text}`);
  }
});
