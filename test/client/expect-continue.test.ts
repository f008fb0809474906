/**
 * `Expect: 100-continue` as curl does it, against a raw TCP server that decides when (and whether)
 * to send the 100: the body waits for the 100, is never sent after a final status that came first,
 * and goes anyway once the client has waited long enough for a 100 that does not come.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../src/index.js';

const BOUND = { timeout: 60_000 };
const BODY = 'the body, sent once the server agrees';
const HEAD_END = '\r\n\r\n';

/** What the raw server saw of one connection: the bytes after the request's head, as they came. */
interface Seen {
  head: string;
  afterHead: string;
}

type Behaviour = (socket: net.Socket, seen: Seen, onBody: (listener: () => void) => void) => void;

const apps: TestApp[] = [];
const servers: net.Server[] = [];
after(async () => {
  for (const api of apps) await api.close();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

/** A server on 127.0.0.1 that hands every connection to `behaviour` once the request's head has arrived. */
async function rawServer(behaviour: Behaviour): Promise<{ api: TestApp; connections: Seen[] }> {
  const connections: Seen[] = [];
  const server = net.createServer((socket) => {
    const seen: Seen = { head: '', afterHead: '' };
    connections.push(seen);
    let buffer = '';
    let bodyListener: (() => void) | undefined;
    socket.on('data', (chunk: Buffer) => {
      if (seen.head) {
        seen.afterHead += chunk.toString('latin1');
        bodyListener?.();
        return;
      }
      buffer += chunk.toString('latin1');
      const end = buffer.indexOf(HEAD_END);
      if (end === -1) return;
      seen.head = buffer.slice(0, end + HEAD_END.length);
      seen.afterHead = buffer.slice(end + HEAD_END.length);
      behaviour(socket, seen, (listener) => {
        bodyListener = listener;
        if (seen.afterHead.length > 0) listener();
      });
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const api = createTestApp(`http://127.0.0.1:${port}`, { timeout: 20_000, runHeader: false });
  apps.push(api);
  return { api, connections };
}

const ok = (socket: net.Socket, text: string) => socket.write(`HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(text, 'latin1')}\r\n\r\n${text}`, 'latin1');

void describe('Expect: 100-continue', () => {
  void test('the body waits for the 100, then follows it', BOUND, async () => {
    let beforeContinue: string | undefined;
    const { api, connections } = await rawServer((socket, seen, onBody) => {
      // Well under the client's own wait for a 100: whatever came by now came before the 100.
      setTimeout(() => {
        beforeContinue = seen.afterHead;
        socket.write('HTTP/1.1 100 Continue\r\n\r\n');
        onBody(() => {
          if (seen.afterHead.length >= BODY.length) ok(socket, `got ${seen.afterHead}`);
        });
      }, 100);
    });
    const res = await api.post('/upload').set('Expect', '100-continue').send(BODY);
    assert.equal(res.text, `got ${BODY}`);
    assert.equal(beforeContinue, '', 'no body byte was sent before the 100');
    assert.match(connections[0]!.head, /^POST \/upload HTTP\/1\.1\r\n/);
    assert.match(connections[0]!.head, /\r\nExpect: 100-continue\r\n/);
    assert.match(connections[0]!.head, new RegExp(`\\r\\ncontent-length: ${BODY.length}\\r\\n`));
  });

  void test('a final status that comes before any 100 is the response, and the body is never sent', BOUND, async () => {
    const { api, connections } = await rawServer((socket) => {
      socket.end('HTTP/1.1 417 Expectation Failed\r\ncontent-length: 4\r\n\r\nnope');
    });
    const res = await api.post('/upload').set('Expect', '100-continue').send(BODY).expect(417);
    assert.equal(res.text, 'nope');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(connections[0]!.afterHead, '', 'the body was not sent');
  });

  void test('without a 100 the body is sent anyway after a bounded wait, as curl does', BOUND, async () => {
    const { api } = await rawServer((socket, seen, onBody) => {
      onBody(() => {
        if (seen.afterHead.length >= BODY.length) ok(socket, `got ${seen.afterHead}`);
      });
    });
    const res = await api.post('/upload').set('Expect', '100-continue').send(BODY);
    assert.equal(res.text, `got ${BODY}`);
  });
});
