/** The app the compatibility cases run against: echoes what arrived, sets cookies, redirects, streams. */
import { EventEmitter } from 'node:events';
import type http from 'node:http';
import zlib from 'node:zlib';

export interface Echo {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  remoteAddress: string | undefined;
}

async function readAll(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A Node listener: one route per behaviour the cases need. */
/** `/hold` answers part of a body and never ends: `'holding'` when it has, `'closed'` (with whether the response finished) when the client went away. */
export const holds = new EventEmitter();

/**
 * `/pressure` writes 64 KiB chunks, each only once the connection took the one before (`'drain'`),
 * up to {@link PRESSURE_BYTES}: `'wrote'` (with the bytes so far) after each, `'finished'` at the end.
 */
export const pressure = new EventEmitter();
export const PRESSURE_CHUNK = 64 * 1024;
export const PRESSURE_BYTES = 256 * PRESSURE_CHUNK;

/** `/flush` writes `first`, then `second` only once `flushes` emitted `'next'` (the client read the first), then ends. */
export const flushes = new EventEmitter();

export function compatApp(): http.RequestListener {
  return (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = await readAll(req);
      const send = (status: number, type: string, payload: string | Buffer, headers: Record<string, string | string[]> = {}) => {
        res.writeHead(status, { 'content-type': type, ...headers });
        res.end(payload);
      };
      switch (url.pathname) {
        case '/echo':
          return send(200, 'application/json; charset=utf-8', JSON.stringify({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: body.toString('utf8'), remoteAddress: req.socket.remoteAddress } satisfies Echo));
        case '/multipart': {
          const form = await new Response(body, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
          const parts = await Promise.all(
            [...form.entries()].map(async ([name, value]) => (typeof value === 'string' ? { name, value } : { name, filename: value.name, type: value.type, text: await value.text() })),
          );
          return send(200, 'application/json', JSON.stringify(parts));
        }
        case '/status':
          return send(Number(url.searchParams.get('code')), 'text/plain', `status ${url.searchParams.get('code')}`);
        case '/login':
          return send(200, 'text/plain', 'ok', { 'set-cookie': ['sid=s3cr3t-session; Path=/; HttpOnly', 'theme=dark; Path=/'] });
        case '/me':
          return send(req.headers.cookie?.includes('sid=s3cr3t-session') ? 200 : 401, 'text/plain', req.headers.cookie ?? 'no cookie');
        case '/redirect':
          return send(302, 'text/plain', 'Found', { location: '/redirect-2' });
        case '/redirect-2':
          return send(303, 'text/plain', 'See Other', { location: '/echo' });
        case '/slow':
          return setTimeout(() => send(200, 'text/plain', 'late'), 2_000).unref();
        case '/gzip':
          return send(200, 'text/plain; charset=utf-8', zlib.gzipSync('zipped text'), { 'content-encoding': 'gzip', vary: 'Accept-Encoding' });
        case '/png':
          return send(200, 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]));
        case '/form':
          return send(200, 'application/x-www-form-urlencoded', 'a=1&b[c]=2');
        case '/links':
          return send(200, 'application/json', '[]', { Link: '<https://api.example.com/?page=2>; rel="next", <https://api.example.com/?page=9>; rel="last"' });
        case '/html':
          return send(200, 'text/html; charset=utf-8', '<h1>hi</h1>');
        case '/hold':
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('part of it');
          res.on('close', () => holds.emit('closed', res.writableFinished));
          holds.emit('holding');
          return;
        case '/pressure': {
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          const chunk = Buffer.alloc(PRESSURE_CHUNK, 'p');
          let written = 0;
          const more = () => {
            while (written < PRESSURE_BYTES) {
              written += chunk.byteLength;
              const room = res.write(chunk);
              pressure.emit('wrote', written);
              if (!room) return void res.once('drain', more);
            }
            res.end(() => pressure.emit('finished'));
          };
          return more();
        }
        case '/flush':
          res.writeEarlyHints({ link: '</style.css>; rel=preload' }); // an informational response first: 'response' is the final one
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('first');
          flushes.once('next', () => res.end('second'));
          return;
        case '/close-framed':
          // No length and no chunked framing: the body ends only when the server closes the connection.
          res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'gzip' });
          res.end('framed by close');
          return;
        case '/users':
          return send(201, 'application/json', JSON.stringify({ name: 'tobi' }));
        default:
          return send(404, 'text/plain', 'Not Found');
      }
    })();
  };
}
