/** A plain Node listener with one route per lint rule: a mistake, and the same thing done right. */
import type { IncomingMessage, ServerResponse } from 'node:http';

const json = (res: ServerResponse, value: unknown) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(value));
};

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => unknown> = {
  '/ok': (_req, res) => json(res, { ok: true }),
  // body-not-allowed
  '/no-content-with-body': (_req, res) => {
    res.writeHead(204);
    res.end('oops');
  },
  '/not-modified-with-body': (_req, res) => {
    res.statusCode = 304;
    res.write('stale');
    res.end();
  },
  '/no-content': (_req, res) => {
    res.writeHead(204);
    res.end();
  },
  '/head-with-body': (_req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end('a body, even for HEAD');
  },
  '/head-aware': (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 5 });
    res.end(req.method === 'HEAD' ? undefined : 'hello');
  },
  // content-length
  '/length-too-long': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 10 });
    res.end('abc');
  },
  '/length-too-short': (_req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.setHeader('content-length', '2');
    res.end('abcde');
  },
  '/length-on-204': (_req, res) => {
    res.writeHead(204, { 'content-length': '0' });
    res.end();
  },
  '/length-right': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength('héllo') });
    res.end('héllo');
  },
  // header
  '/header-bad-name': (_req, res) => {
    res.setHeader('x bad name', '1');
    res.end();
  },
  '/header-crlf': (_req, res) => {
    res.setHeader('x-injected', 'a\r\nset-cookie: evil=1');
    res.end();
  },
  '/header-latin1': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-disposition': 'attachment; filename="Zoë.txt"' });
    res.end('x');
  },
  '/header-encoded': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-disposition': "attachment; filename*=UTF-8''Zo%C3%AB.txt" });
    res.end('x');
  },
  // json-content-type
  '/json-as-text': (_req, res) => {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(JSON.stringify({ a: 1 }));
  },
  '/json-untyped': (_req, res) => res.end('[1, 2, 3]'),
  '/problem-json': (_req, res) => {
    res.statusCode = 404;
    res.setHeader('content-type', 'application/problem+json');
    res.end(JSON.stringify({ title: 'not found' }));
  },
  '/number-as-text': (_req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end('42');
  },
  // set-cookie: /cookie?c=<line>
  '/cookie': (req, res) => {
    res.setHeader('set-cookie', new URL(req.url ?? '/', 'http://x').searchParams.getAll('c'));
    json(res, { ok: true });
  },
  // unended
  '/started-never-ended': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial');
  },
  '/never-started': () => undefined,
  // app-error
  '/throw-after-end': (_req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end('done');
    throw new Error('late failure');
  },
  '/reject-after-end': async (_req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end('done');
    await Promise.resolve();
    throw new Error('late rejection');
  },
  '/write-after-end': (_req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end('done');
    res.write('more');
  },
  '/write-after-end-handled': (_req, res) => {
    res.on('error', () => undefined);
    res.setHeader('content-type', 'text/plain');
    res.end('done');
    res.write('more');
  },
  '/throw-before-end': () => {
    throw new Error('early failure');
  },
  // what the app sees
  '/raw-headers': (req, res) => json(res, { raw: req.rawHeaders, headers: req.headers }),
};

/** The listener: routes above by path, 404 JSON otherwise. */
export function lintApp(req: IncomingMessage, res: ServerResponse): unknown {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const route = routes[path];
  if (route) return route(req, res);
  res.statusCode = 404;
  return json(res, { error: 'not found' });
}
