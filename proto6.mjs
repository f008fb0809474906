import { Duplex } from 'node:stream';
import http from 'node:http';
import { Agent } from 'undici';
import express from 'express';
import { inject } from 'light-my-request';
class End extends Duplex {
  constructor(info) { super({ allowHalfOpen: true }); Object.assign(this, info); this.peer = null; }
  _write(chunk, enc, cb) { if (this.peer.push(chunk)) cb(); else this.peer.waiting = cb; }
  _read() { const w = this.waiting; if (w) { this.waiting = null; w(); } }
  _final(cb) { this.peer.push(null); cb(); }
  _destroy(err, cb) { const p = this.peer; if (p && !p.destroyed) p.destroy(); cb(err); }
  setTimeout() { return this; } setNoDelay() { return this; } setKeepAlive() { return this; } ref() { return this; } unref() { return this; }
}
let n = 0;
function pair() { n++; const c = new End({ remoteAddress: '127.0.0.1' }), s = new End({ remoteAddress: '127.0.0.1' }); c.peer = s; s.peer = c; return [c, s]; }
const plain = (req, res) => { res.setHeader('content-type', 'application/json'); res.end('{"hello":"world"}'); };
const app = express(); app.get('/', (req, res) => res.json({ hello: 'world' }));
function send(agent, opts) {
  return new Promise((resolve, reject) => {
    const chunks = []; let status, headers;
    agent.dispatch(opts, {
      onRequestStart() {}, onResponseStart(c, s, h) { status = s; headers = h; },
      onResponseData(c, chunk) { chunks.push(chunk); }, onResponseEnd() { resolve({ status, headers, body: Buffer.concat(chunks) }); },
      onResponseError(c, err) { reject(err); },
    });
  });
}
const tick = () => new Promise(setImmediate);
async function bench(name, fn, N = 5000) { for (let i=0;i<300;i++) await fn(); const t = performance.now(); for (let i = 0; i < N; i++) await fn(); console.log(name, ((performance.now() - t) * 1000 / N).toFixed(1), 'µs'); }
for (const [name, h] of [['plain', plain], ['express', app]]) {
  const server = http.createServer(h);
  const agent = new Agent({ connect: (opts, cb) => { const [c, s] = pair(); server.emit('connection', s); process.nextTick(cb, null, c); } });
  n = 0;
  await bench(name + ' dispatch+tick', async () => { await tick(); const r = await send(agent, { origin: 'http://localhost', path: '/', method: 'GET' }); });
  console.log('connects', n);
  await bench(name + ' request+tick', async () => { await tick(); const r = await agent.request({ origin: 'http://localhost', path: '/', method: 'GET' }); await r.body.arrayBuffer(); });
  await bench(name + ' lmr', async () => { const r = await inject(h, { url: '/' }); r.body; });
  await bench(name + ' dispatch x16', () => Promise.all(Array.from({length:16}, async () => { await tick(); await send(agent, { origin: 'http://localhost', path: '/', method: 'GET' }); })), 300);
  console.log('connects', n);
  await agent.close();
}
