/**
 * Aborting a request from the test (`.abort()`, `.signal()`): the connection closes as when a
 * client goes away, the same in-process and over loopback, on every redirect hop.
 */
import assert from 'node:assert/strict';
import type http from 'node:http';
import { describe, test } from 'node:test';
import { AbortedError, createTestApp } from '../../src/index.js';
import { rejectsWith } from '../support/rejects-with.js';

for (const transport of ['in-process', 'loopback'] as const) {
  void describe(`aborts (${transport})`, () => {
    void test('an abort during a redirect hop aborts that hop; the app sees it go away', async () => {
      let hopStarted!: () => void;
      const started = new Promise<void>((resolve) => (hopStarted = resolve));
      let hopClosed!: (events: string[]) => void;
      const closed = new Promise<string[]>((resolve) => (hopClosed = resolve));
      const api = createTestApp(
        (req: http.IncomingMessage, res: http.ServerResponse) => {
          if (req.url === '/start') return res.writeHead(302, { location: '/slow' }).end();
          const events: string[] = [];
          req.once('aborted', () => events.push('aborted'));
          res.once('close', () => hopClosed(events.concat(res.writableFinished ? 'finished' : 'close')));
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('partial', () => hopStarted());
        },
        { transport },
      );
      try {
        const request = api.get('/start').followRedirects();
        const outcome = request.then(() => undefined, (error: unknown) => error);
        await started;
        request.abort(new Error('enough'));
        const error = await outcome;
        assert.ok(error instanceof AbortedError, String(error));
        assert.equal(error.code, 'TANDEM_ABORTED');
        assert.equal((error.cause as Error).message, 'enough');
        assert.deepEqual(await closed, ['aborted', 'close']);
      } finally {
        await api.close();
      }
    });

    void test('AbortSignal.timeout() through .signal() ends a request the app never answers', async () => {
      const api = createTestApp((_req: http.IncomingMessage, _res: http.ServerResponse) => undefined, { transport, timeout: 20_000 });
      try {
        const error = await rejectsWith(api.get('/never').signal(AbortSignal.timeout(100)), 'TANDEM_ABORTED');
        assert.match(error.message, /GET \/never was aborted by its signal \(\.signal\(\)\): TimeoutError/);
        assert.equal((error.cause as DOMException).name, 'TimeoutError');
      } finally {
        await api.close();
      }
    });

    void test('.signal() refuses what is not an AbortSignal, before sending', async () => {
      const api = createTestApp((_req: http.IncomingMessage, res: http.ServerResponse) => res.end(), { transport });
      try {
        const error = await rejectsWith(api.get('/').signal({} as AbortSignal), 'TANDEM_INVALID_REQUEST');
        assert.match(error.message, /\.signal\(\) takes an AbortSignal, got object/);
      } finally {
        await api.close();
      }
    });
  });
}
