import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { cleanEnv } from '../support/spec-runs.js';
import { closedPort, runCliIn, warmingServer } from './support.js';

function projectWith(t: TestContext, config: unknown): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-targets-')));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'tandem.config.json'), JSON.stringify(config));
  return dir;
}

void describe('tandem targets', () => {
  void test('lists every target with its URL and read-only setting, checks each, and exits 1 naming those that did not answer', async (t) => {
    const up = await warmingServer(0);
    const starting = await warmingServer(Number.POSITIVE_INFINITY);
    t.after(() => Promise.all([up.close(), starting.close()]));
    const down = await closedPort();
    const dir = projectWith(t, {
      readOnly: true,
      targets: {
        up: { url: up.url, ready: '/health', readOnly: false },
        plain: { url: `${up.url}/api` },
        starting: { url: starting.url, ready: { path: '/ready' } },
        down: { url: `http://user:hunter2@127.0.0.1:${down}` },
      },
    });
    const out = await runCliIn(dir, ['targets', '--timeout', '20000'], { env: cleanEnv() });
    assert.equal(out.code, 1, out.stderr);
    const lines = out.stdout.trim().split('\n');
    assert.equal(lines[0], join(dir, 'tandem.config.json'));
    assert.match(lines[1]!, /^target +url +read-only +check$/);
    const row = (name: string) => lines.find((line) => line.startsWith(`${name} `)) ?? '';
    assert.match(row('up'), new RegExp(`^up +${up.url.replace(/\./g, '\\.')}/ +no +ok: GET /health → 200 OK \\(\\d+ ms\\)$`));
    assert.match(row('plain'), /yes +ok: GET \/ → 200 OK/);
    assert.match(row('starting'), /yes +FAILED: GET \/ready → 503 Service Unavailable/);
    assert.match(row('down'), /FAILED: GET \/ → ECONNREFUSED/);
    assert.ok(!out.stdout.includes('hunter2'), 'a password in a target URL was printed');
    assert.deepEqual(new Set(up.paths), new Set(['/health', '/api/']));
    assert.match(out.stderr, /^tandem targets: not reachable: starting, down$/m);
  });

  void test("checks a ready path behind authentication with the target's headers, and prints none of them", async (t) => {
    const server = createServer((req, res) => void res.writeHead(req.headers['x-api-key'] === 'k-77aa-secret' ? 200 : 401).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dir = projectWith(t, {
      targets: {
        keyed: { url, ready: '/health', headers: { 'x-api-key': 'k-77aa-secret' } },
        unkeyed: { url, ready: '/health' },
      },
    });
    const out = await runCliIn(dir, ['targets', '--timeout', '20000'], { env: cleanEnv() });
    assert.equal(out.code, 1, out.stderr);
    assert.match(out.stdout, /^keyed .* ok: GET \/health → 200 OK/m);
    assert.match(out.stdout, /^unkeyed .* FAILED: GET \/health → 401 Unauthorized/m);
    assert.ok(!`${out.stdout}${out.stderr}`.includes('k-77aa-secret'), 'a header value was printed');
  });

  void test('exits 0 when every target answers, and 2 without a config file', async (t) => {
    const up = await warmingServer(0);
    t.after(() => up.close());
    const ok = await runCliIn(projectWith(t, { targets: { local: { url: up.url } } }), ['targets'], { env: cleanEnv() });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^local +http:\/\/127\.0\.0\.1:\d+\/ +no +ok: GET \/ → 200 OK/m);
    const empty = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-targets-')));
    t.after(() => rmSync(empty, { recursive: true, force: true }));
    const none = await runCliIn(empty, ['targets'], { env: cleanEnv() });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /tandem targets: no config file: none of tandem\.config\.ts, \.mts, \.js, \.mjs or \.json from .* upward/);
    const help = await runCliIn(empty, ['targets', '--help'], { env: cleanEnv() });
    assert.match(help.stdout, /Examples:\n {2}\$ tandem targets/);
    assert.match(help.stdout, /Exit codes:\n {2}0 {2}every target answered\n {2}1 {2}a target did not answer/);
  });
});
