import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import express from 'express';
import { createTestApp, type TestApp } from '../../src/index.js';
import { runScript, type ScriptOutcome } from '../support/spec-runs.js';

const fixture = fileURLToPath(new URL('../fixtures/lifecycle/uses-every-mode.ts', import.meta.url));
const EXIT_BOUND_MS = 20_000;
/** How long the control script must outlive its last line. */
const LINGER_MS = 2_000;

type Outcome = ScriptOutcome;

/** Runs the fixture with one scenario; kills it if it has not exited by itself within the bound. */
function runScenario(scenario: string): Promise<Outcome> {
  return runScript([fixture, scenario], { boundMs: EXIT_BOUND_MS });
}

function assertExitedCleanly(outcome: Outcome, scenario: string): void {
  assert.notEqual(outcome.code, undefined, `the script did not exit by itself within ${EXIT_BOUND_MS} ms\n${outcome.stdout}\n${outcome.stderr}`);
  assert.equal(outcome.code, 0, `exit code ${String(outcome.code)}\n${outcome.stdout}\n${outcome.stderr}`);
  assert.ok(outcome.stdout.includes(`done: ${scenario}`), outcome.stdout);
}

void describe('after close(), a script using tandem exits by itself', { timeout: 4 * EXIT_BOUND_MS }, () => {
  void test('every mode: in-process Express and Hono, a factory, loopback, remote', async () => {
    const outcome = await runScenario('every-mode');
    assertExitedCleanly(outcome, 'every-mode');
    assert.match(outcome.stdout, /modes: in-process,in-process,in-process,loopback,loopback,remote/);
  });

  void test('with `await using` instead of close()', async () => {
    assertExitedCleanly(await runScenario('await-using'), 'await-using');
  });

  void test('after timeouts against handlers and servers that never answer', async () => {
    assertExitedCleanly(await runScenario('after-failures'), 'after-failures');
  });

  void test('when closed while a request is in flight, which then fails with TANDEM_CLOSED', async () => {
    const outcome = await runScenario('closed-mid-request');
    assertExitedCleanly(outcome, 'closed-mid-request');
    assert.match(outcome.stdout, /in-flight request: TANDEM_CLOSED/);
  });

  void test('control: without close(), a loopback app keeps the script running (so the checks above can fail)', async () => {
    // Once the script is done it would exit within milliseconds; it is killed LINGER_MS after, if it is still running.
    const done = new AbortController();
    let lingering = false;
    const outcome = await runScript([fixture, 'forget-close'], {
      boundMs: EXIT_BOUND_MS,
      onStdout: (soFar) => {
        if (lingering || !soFar.includes('done: forget-close')) return;
        lingering = true;
        setTimeout(() => done.abort(), LINGER_MS).unref();
      },
      signal: done.signal,
    });
    assert.match(outcome.stdout, /done: forget-close/, `the script did not get done within ${EXIT_BOUND_MS} ms\n${outcome.stderr}`);
    assert.equal(outcome.code, undefined, `expected the script to still be running ${LINGER_MS} ms after it was done; it exited with ${String(outcome.code)}`);
    assert.match(outcome.stdout, /still open: .*TCPServerWrap/, 'the loopback server is what keeps it running');
  });
});

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

void describe('await using', () => {
  void test('closes the test app at the end of the block', async () => {
    const app = express();
    app.get('/ok', (_req, res) => void res.json({ ok: true }));
    let escaped: TestApp | undefined;
    {
      await using api = createTestApp(app);
      escaped = api;
      await api.get('/ok').expectJson({ ok: true });
    }
    await assert.rejects(escaped.get('/ok'), { code: 'TANDEM_CLOSED' });
  });

  void test('stops a loopback server at the end of the block', async () => {
    const app = express();
    app.get('/ok', (_req, res) => void res.json({ ok: true }));
    let port: number;
    {
      await using api = createTestApp(app, { transport: 'loopback' });
      await api.get('/ok');
      port = Number(new URL(api.origin).port);
      assert.ok(port > 0);
      assert.equal(await canConnect(port), true, 'listening inside the block');
    }
    assert.equal(await canConnect(port), false, 'no longer listening after the block');
  });

  void test('closes an http.Server given to it in loopback mode only if a factory built it', async () => {
    const app = express();
    app.get('/ok', (_req, res) => void res.json({ ok: true }));
    const server = http.createServer(app);
    try {
      {
        await using api = createTestApp(() => server, { transport: 'loopback' });
        await api.get('/ok');
        assert.equal(server.listening, true);
      }
      assert.equal(server.listening, false);
    } finally {
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    }
    const address = server.address() as AddressInfo | null;
    assert.equal(address, null);
  });
});
