import { Duplex } from 'node:stream';
import http from 'node:http';
import { Agent } from 'undici';
class End extends Duplex {
  constructor(info) { super({ allowHalfOpen: true }); Object.assign(this, info); this.peer = null; }
  _write(chunk, enc, cb) { if (this.peer.push(chunk)) cb(); else this.peer.waiting = cb; }
  _read() { const w = this.waiting; if (w) { this.waiting = null; w(); } }
  _final(cb) { this.peer.push(null); cb(); }
  _destroy(err, cb) { console.log(this.name,'destroy', err?.message, new Error().stack.split('\n').slice(2,9).join('\n')); const p = this.peer; if (p && !p.destroyed) p.destroy(); cb(err); }
  setTimeout() { return this; } setNoDelay() { return this; } setKeepAlive() { return this; } ref() { return this; } unref() { return this; }
}
let n=0;
function pair() { n++; const c = new End({ name:'c', remoteAddress: '127.0.0.1' }), s = new End({ name:'s',remoteAddress: '127.0.0.1' }); c.peer = s; s.peer = c; return [c, s]; }
const plain = (req, res) => { res.setHeader('content-type', 'application/json'); res.end('{"hello":"world"}'); };
const server = http.createServer(plain);
const agent = new Agent({ connect: (opts, cb) => { const [c, s] = pair(); server.emit('connection', s); process.nextTick(cb, null, c); } });
for (let i = 0; i < 3; i++) { const r = await agent.request({ origin: 'http://localhost', path: '/', method: 'GET' }); await r.body.arrayBuffer(); }
console.log('connects', n); await agent.close();
