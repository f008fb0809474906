import http from 'node:http';
import { Agent, Pool } from 'undici';
const plain = (req, res) => { res.setHeader('content-type', 'application/json'); res.end('{"hello":"world"}'); };
const real = http.createServer(plain); let n = 0; real.on('connection', () => n++); await new Promise(r => real.listen(0, '127.0.0.1', r));
const pool = new Agent();
const origin = `http://127.0.0.1:${real.address().port}`;
for (let i = 0; i < 5; i++) { const r = await pool.request({ origin, path: '/', method: 'GET' }); await r.body.arrayBuffer(); }
console.log('tcp agent connects', n);
n=0; const p2 = new Pool(origin);
for (let i = 0; i < 5; i++) { const r = await p2.request({ path: '/', method: 'GET' }); await r.body.arrayBuffer(); }
console.log('tcp pool connects', n);
n=0; for (let i = 0; i < 5; i++) { const r = await p2.request({ path: '/', method: 'GET' }); await r.body.dump(); }
console.log('tcp pool dump connects', n);
await pool.close(); await p2.close(); real.close();
