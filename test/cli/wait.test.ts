import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, test } from 'node:test';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv } from '../support/spec-runs.js';
import { CLI_BOUND_MS, closedPort, runCli, runCliIn, warmingServer } from './support.js';

const MARGIN_MS = 10_000;

void describe('tandem wait', () => {
  void test('fails within its timeout against a port with nothing listening', async () => {
    const port = await closedPort();
    const timeout = 1_500;
    const out = await runCli(['wait', `http://127.0.0.1:${port}`, '--timeout', String(timeout), '--interval', '100']);
    assert.equal(out.code, 1, out.stderr);
    assert.ok(out.elapsedMs < timeout + MARGIN_MS, `took ${out.elapsedMs} ms`);
    assert.match(out.stderr, new RegExp(`http://127\\.0\\.0\\.1:${port}/health was not ready within ${timeout} ms`));
    assert.match(out.stderr, /last error: .*ECONNREFUSED/);
    assert.match(out.stdout, new RegExp(`^waiting for http://127\\.0\\.0\\.1:${port}/health \\(attempt 1, last: ECONNREFUSED\\)$`, 'm'));
  });

  void test('succeeds against a server that answers 503 a few times, then 200', async () => {
    const server = await warmingServer(3);
    try {
      const out = await runCli(['wait', server.url, '--path', '/ready', '--timeout', '15000', '--interval', '50']);
      assert.equal(out.code, 0, out.stderr);
      assert.equal(server.paths.length, 4);
      assert.deepEqual(new Set(server.paths), new Set(['/ready']));
      assert.match(out.stdout, /\(attempt 3, last: 503 Service Unavailable\)/);
      assert.match(out.stdout, new RegExp(`^ready: ${server.url.replace(/\./g, '\\.')}/ready$`, 'm'));
      assert.equal(out.stderr, '');
    } finally {
      await server.close();
    }
  });

  void test('succeeds against a server that starts listening after the first refused attempts', async () => {
    const port = await closedPort();
    const server = http.createServer((_req, res) => res.end('ok'));
    let listening = false;
    const listenWhenRefused = (soFar: string) => {
      if (listening || !soFar.includes('attempt 2, last: ECONNREFUSED')) return;
      listening = true;
      server.listen(port, '127.0.0.1');
    };
    try {
      const out = await runCli(['wait', `http://127.0.0.1:${port}`, '--timeout', '15000', '--interval', '100'], CLI_BOUND_MS, listenWhenRefused);
      assert.equal(out.code, 0, out.stderr);
      assert.ok(listening);
      assert.match(out.stdout, /attempt 2, last: ECONNREFUSED/);
      assert.match(out.stdout, new RegExp(`^ready: http://127\\.0\\.0\\.1:${port}/health$`, 'm'));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    }
  });

  void test('reports the last status when the server never becomes ready', async () => {
    const server = await warmingServer(Number.POSITIVE_INFINITY);
    try {
      const out = await runCli(['wait', server.url, '--timeout', '800', '--interval', '100']);
      assert.equal(out.code, 1);
      assert.match(out.stderr, /was not ready within 800 ms \(\d+ attempts, last status: 503 Service Unavailable\)/);
    } finally {
      await server.close();
    }
  });

  void test("a target name is looked up in the config file, with its ready path and timeout", async (t) => {
    const server = await warmingServer(2);
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-wait-')));
    t.after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });
    writeFileSync(join(dir, 'tandem.config.json'), JSON.stringify({ targets: { staging: { url: `${server.url}/api`, ready: { path: '/ready', timeout: 15000 } } } }));
    const out = await runCliIn(dir, ['wait', 'staging', '--interval', '50'], { env: cleanEnv() });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(server.paths, ['/api/ready', '/api/ready', '/api/ready']);
    assert.match(out.stdout, new RegExp(`^ready: ${server.url.replace(/\./g, '\\.')}/api/ready$`, 'm'));
    const unknown = await runCliIn(dir, ['wait', 'prod'], { env: cleanEnv() });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /tandem wait: .*tandem\.config\.json has no target named "prod" \(the argument\); its targets are: staging/);
  });

  void test('--help shows examples and exit codes; bad usage exits 2', async () => {
    const help = await runCli(['wait', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Examples:\n {2}\$ tandem wait http:\/\/127\.0\.0\.1:3000/);
    assert.match(help.stdout, /Exit codes:\n {2}0 {2}ready/);
    assert.match(help.stdout, /--path <path>/);
    const top = await runCli(['--help']);
    assert.equal(top.code, 0);
    assert.match(top.stdout, /wait \[options\] <url\|name>/);
    assert.match(top.stdout, /test \[options\] \[command\.\.\.\]/);
    assert.match(top.stdout, /targets \[options\]/);
    assert.match(top.stdout, /Exit codes:/);
    const bad = await runCli(['wait', 'http://127.0.0.1:9', '--timeout', 'soon']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--timeout <ms>.*'soon' is invalid/);
    const notUrl = await runCli(['wait', 'not a url']);
    assert.equal(notUrl.code, 2);
    assert.match(notUrl.stderr, /not a URL/);
  });
});
