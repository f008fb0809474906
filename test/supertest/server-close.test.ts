/**
 * `server.close(cb)` on an `http.Server` given to `request(server)` in-process, where it never
 * listens: as on the server supertest listened on (the modes are compared in compat.test.ts).
 */
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import { describe, it } from 'node:test';
import request from '../../src/supertest/index.js';

type Closed = NodeJS.ErrnoException | undefined;

function close(server: http.Server): Promise<Closed> {
  return new Promise((resolve) => server.close(resolve));
}

void describe('server.close() on a server given to request(server)', () => {
  void it("waits for a request in flight, then emits 'close' and calls back without error; the request completes", async () => {
    const gate = new EventEmitter();
    const server = http.createServer((req, res) => {
      res.write('part ');
      gate.once('go', () => res.end('rest'));
      gate.emit('holding');
    });
    const events: string[] = [];
    server.on('close', () => events.push('close'));
    const holding = once(gate, 'holding');
    const test = request(server).get('/');
    const done = test.then((res) => {
      events.push('response');
      return res.text;
    });
    await holding;
    const closed = close(server).then((error) => {
      events.push('callback');
      return error;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(events.length, 0, "no 'close' while the request is in flight");
    gate.emit('go');
    assert.equal(await done, 'part rest');
    assert.equal(await closed, undefined);
    assert.deepEqual([...events].sort(), ['callback', 'close', 'response'], "'close' once the response was sent");
    assert.ok(events.indexOf('close') < events.indexOf('callback'), "the callback as a 'close' listener");
  });

  void it("a second close() while the first waits gets Node's ERR_SERVER_NOT_RUNNING; the first none", async () => {
    const gate = new EventEmitter();
    const server = http.createServer((req, res) => {
      gate.once('go', () => res.end('ok'));
      gate.emit('holding');
    });
    const holding = once(gate, 'holding');
    const done = request(server).get('/').expect(200).then(); // sent now
    await holding;
    const first = close(server);
    const second = close(server);
    gate.emit('go');
    await done;
    assert.equal(await first, undefined);
    assert.equal((await second)?.code, 'ERR_SERVER_NOT_RUNNING');
  });

  void it('holds the server for every request in flight at once; after the last settled, close() gets Node\'s error, as under supertest', async () => {
    const server = http.createServer((req, res) => res.end(req.url));
    const a = request(server).get('/a');
    const b = request(server).get('/b');
    assert.equal(await close(server), undefined, 'held by requests made and not yet settled');
    const [ra, rb] = await Promise.all([a, b]);
    assert.deepEqual([ra.text, rb.text], ['/a', '/b'], 'served again after the close, as supertest listens again');
    const c = request.agent(server).get('/c');
    const d = request(server).get('/d');
    await c;
    assert.equal(await close(server), undefined, 'still held by the request not yet sent');
    await d;
    assert.equal((await close(server))?.code, 'ERR_SERVER_NOT_RUNNING');
  });

  void it('a server the test listens on closes as Node closes it, and no prototype is patched', async () => {
    const server = http.createServer((req, res) => res.end('ok'));
    await request(server).get('/').expect(200);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const held = request(server).get('/');
    assert.equal(await close(server), undefined);
    assert.equal(server.listening, false, 'its port is closed');
    await held.expect(200);
    assert.equal(Reflect.get(http.createServer(), 'close'), Reflect.get(http.Server.prototype, 'close'), "another server has Node's close");
    assert.ok(Object.hasOwn(server, 'close'), 'set on that server only');
    assert.ok(!Object.hasOwn(http.createServer(), 'close'));
  });
});
