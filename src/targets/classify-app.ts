/** Tells what kind of app (or URL) was given to `createTestApp`, without running it. */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { BadTargetError } from '../errors/bad-target-error.js';
import type { FetchHandler } from './fetch-handler-target.js';
import type { NodeListener } from './node-handler-target.js';

/** An object with a `fetch(request)` method: Hono, itty-router, `export default { fetch }` modules. */
export interface FetchApp {
  fetch(request: Request, ...rest: any[]): Response | Promise<Response>;
}

/** A Koa application (anything with `callback()` returning a Node listener). */
export interface KoaLike {
  callback(): NodeListener;
  use(...args: any[]): unknown;
}

/** A Node HTTP server: plain, or over TLS (served in-process with an encrypted socket, over loopback with its own certificate). */
export type NodeServer = http.Server | https.Server;

/** Whether `value` is an `http.Server` or an `https.Server`. */
export function isNodeServer(value: unknown): value is NodeServer {
  return value instanceof http.Server || value instanceof https.Server;
}

/**
 * `origin` with the `https:` scheme (host and a non-default port kept): an `https.Server` is
 * reached over TLS, whatever origin was given.
 *
 * @example
 * secureOrigin('http://localhost'); // 'https://localhost'
 */
export function secureOrigin(origin: string): string {
  const url = new URL(origin);
  if (url.protocol === 'https:') return url.origin;
  return `https://${url.host.replace(/:80$/, '')}`;
}

/**
 * Whether `app` is served over TLS: an `https.Server`, or a Fastify instance made with `https`.
 *
 * @example
 * servesTls(classifyApp(https.createServer({ key, cert }, app))); // true
 */
export function servesTls(app: ClassifiedApp): boolean {
  return app.type === 'server' && app.server instanceof tls.Server;
}

/** A Fastify instance: made ready, then served through its own `http.Server` (or `https.Server`). */
export interface FastifyLike {
  ready(): PromiseLike<unknown>;
  listen(options: { port: number; host: string }): PromiseLike<unknown>;
  close(): PromiseLike<unknown>;
  server: NodeServer;
  inject: (...args: any[]) => unknown;
}

/** Everything tandem can test in-process. */
export type AppLike = NodeListener | FetchHandler | FetchApp | KoaLike | FastifyLike | NodeServer;

/** A function that builds the app, sync or async; called once, and only when the app is needed. */
export type AppFactory = () => AppLike | Promise<AppLike>;

/** What `createTestApp` accepts: an app, a factory of one, or the URL of a deployment. */
export type AppInput = AppLike | AppFactory | string | URL;

export type ClassifiedApp =
  | { type: 'url'; url: URL }
  | { type: 'factory'; factory: AppFactory }
  | { type: 'listener'; kind: string; listener: NodeListener }
  | { type: 'server'; kind: string; server: NodeServer; fastify?: FastifyLike }
  | { type: 'fetch'; kind: string; handler: FetchHandler };

const ACCEPTED =
  'a Node request listener (req, res) => void (Express, Connect, koa.callback()), a Koa app, a Fastify instance, an http.Server or https.Server, ' +
  'a fetch handler (request) => Response or an object with a fetch method (Hono), a URL, or a function taking no arguments that returns one of these';

/**
 * Parses a deployment URL; only absolute `http:` and `https:` URLs are accepted.
 *
 * @example
 * parseTargetUrl('https://staging.example.com', 'TANDEM_TARGET'); // URL
 */
export function parseTargetUrl(value: string | URL, source: string): URL {
  let url: URL;
  try {
    url = value instanceof URL ? new URL(value.href) : new URL(value.trim());
  } catch {
    throw new BadTargetError(`${source} is not a valid URL: ${JSON.stringify(String(value))}. Give an absolute http:// or https:// URL, e.g. https://staging.example.com`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadTargetError(`${source} must be an http:// or https:// URL, got ${url.protocol}// in ${JSON.stringify(url.href)}`);
  }
  if (url.search || url.hash) {
    throw new BadTargetError(`${source} must not carry a query or fragment: ${JSON.stringify(url.href)}`);
  }
  return url;
}

function isFastify(value: object): value is FastifyLike {
  const v = value as Partial<FastifyLike>;
  return typeof v.ready === 'function' && typeof v.inject === 'function' && isNodeServer(v.server);
}

function nameOf(value: object, fallback: string): string {
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name && name !== 'Object' && name !== 'Function' ? name.toLowerCase() : fallback;
}

/**
 * Classifies an app without calling it (a factory is recognised, not run).
 * Plain functions are told apart by their declared parameters: none is a factory, one is a fetch
 * handler, two or more a Node listener.
 *
 * @example
 * classifyApp(express()).type; // 'listener'
 */
export function classifyApp(app: unknown): ClassifiedApp {
  if (typeof app === 'string' || app instanceof URL) return { type: 'url', url: parseTargetUrl(app, 'the target URL') };
  if (app instanceof http.Server) return { type: 'server', kind: 'http-server', server: app };
  if (app instanceof https.Server) return { type: 'server', kind: 'https-server', server: app };
  if (typeof app === 'object' && app !== null) {
    if (isFastify(app)) return { type: 'server', kind: 'fastify', server: app.server, fastify: app };
    const candidate = app as Partial<KoaLike & FetchApp>;
    if (typeof candidate.callback === 'function' && typeof candidate.use === 'function') {
      return { type: 'listener', kind: 'koa', listener: (app as KoaLike).callback() };
    }
    if (typeof candidate.fetch === 'function') {
      const fetchApp = app as FetchApp;
      return { type: 'fetch', kind: nameOf(app, 'fetch-handler'), handler: (request) => fetchApp.fetch(request) };
    }
  }
  if (typeof app === 'function') {
    const fn = app as ((...args: unknown[]) => unknown) & { handle?: unknown; use?: unknown; set?: unknown };
    if (typeof fn.handle === 'function' && typeof fn.use === 'function') {
      return { type: 'listener', kind: typeof fn.set === 'function' ? 'express' : 'connect', listener: fn };
    }
    if (fn.length === 0) return { type: 'factory', factory: fn as AppFactory };
    if (fn.length === 1) return { type: 'fetch', kind: 'fetch-handler', handler: fn as FetchHandler };
    return { type: 'listener', kind: 'node-handler', listener: fn };
  }
  throw new BadTargetError(`cannot test ${describeValue(app)}: expected ${ACCEPTED}.`);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object with keys [${Object.keys(value).slice(0, 8).join(', ')}]`;
  return `${typeof value} ${JSON.stringify(value) ?? ''}`.trim();
}
