import { Duplex } from 'node:stream';
import http from 'node:http';
import { Agent, Pool } from 'undici';
class End extends Duplex {
  constructor(info) { super({ allowHalfOpen: true }); Object.assign(this, info); this.peer = null; }
  _write(chunk, enc, cb) { if (this.peer.push(chunk)) cb(); else this.peer.waiting = cb; }
  _read() { const w = this.waiting; if (w) { this.waiting = null; w(); } }
  _final(cb) { this.peer.push(null); cb(); }
  _destroy(err, cb) { const p = this.peer; if (p && !p.destroyed) p.destroy(); cb(err); }
  setTimeout() { return this; } setNoDelay() { return this; } setKeepAlive() { return this; } ref() { return this; } unref() { return this; }
}
function pair() { const c = new End({ remoteAddress: '127.0.0.1' }), s = new End({ remoteAddress: '127.0.0.1' }); c.peer = s; s.peer = c; return [c, s]; }
const plain = (req, res) => { res.setHeader('content-type', 'application/json'); res.end('{"hello":"world"}'); };
const server = http.createServer(plain);
const agent = new Agent({ connect: (opts, cb) => { const [c, s] = pair(); server.emit('connection', s); process.nextTick(cb, null, c); } });
async function bench(name, fn, N = 5000) { for (let i=0;i<200;i++) await fn(); let t = performance.now(); for (let i = 0; i < N; i++) await fn(); console.log(name, ((performance.now() - t) * 1000 / N).toFixed(1), 'µs'); }
await bench('pair seq', async () => { const r = await agent.request({ origin: 'http://localhost', path: '/', method: 'GET' }); await r.body.arrayBuffer(); });
await bench('pair x16', async () => { await Promise.all(Array.from({length:16}, async () => { const r = await agent.request({ origin: 'http://localhost', path: '/', method: 'GET' }); await r.body.arrayBuffer(); })); }, 500);
const real = http.createServer(plain); await new Promise(r => real.listen(0, '127.0.0.1', r));
const pool = new Pool(`http://127.0.0.1:${real.address().port}`);
await bench('tcp seq', async () => { const r = await pool.request({ path: '/', method: 'GET' }); await r.body.arrayBuffer(); });
await bench('pair dump', async () => { const r = await agent.request({ origin: 'http://localhost', path: '/', method: 'GET' }); await r.body.dump(); });
await pool.close(); real.close(); await agent.close();
