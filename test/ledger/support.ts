/**
 * A small resource API for the ledger tests, as a plain Node listener: used in-process and served
 * on a real 127.0.0.1 socket (remote mode). It logs every request it receives, so a test can
 * assert which DELETEs arrived, in which order, with which headers.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { serve } from '../support/serve.js';

export { serve };

export interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  status: number;
}

export interface ResourceApi {
  listener: http.RequestListener;
  seen: Seen[];
  /** Ids that exist now, by collection. */
  live: Map<string, Set<string>>;
  /** `DELETE /<collection>/<id>` of these answer 500 (or the status given). */
  failDeletes: Map<string, number>;
  /** The DELETE paths received, in order. */
  deletes(): string[];
}

/**
 * Routes: `POST /items` → 201 with `Location: /items/<id>`; `POST /orders` → 201 `{ id }` without
 * Location; `POST /users/<u>/keys` → 200 `{ key: { id } }`; `POST /buckets` → 200 `{ name }`;
 * `DELETE /<collection>/<id>` (and `/users/<u>/keys/<id>`) → 204, or 404 when it does not exist;
 * `GET /<collection>/<id>` → 200 or 404; `GET /go?to=<url>` → 302 to it.
 */
export function resourceApi(): ResourceApi {
  let next = 0;
  const live = new Map<string, Set<string>>();
  const failDeletes = new Map<string, number>();
  const seen: Seen[] = [];
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(res.req.method === 'HEAD' ? undefined : JSON.stringify(body));
  };
  const listener: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const record = (status: number) => seen.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, status });
    req.resume();
    req.on('end', () => {
      const parts = url.pathname.split('/').filter(Boolean);
      const collection = parts.length >= 3 && parts[0] === 'users' ? `users/${parts[1]}/${parts[2]}` : (parts[0] ?? '');
      const id = parts.length >= 3 && parts[0] === 'users' ? parts[3] : parts[1];
      const set = live.get(collection) ?? new Set<string>();
      live.set(collection, set);
      if (req.method === 'GET' && url.pathname === '/go') {
        record(302);
        return void res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
      }
      if ((req.method === 'POST' || req.method === 'PUT') && id === undefined) {
        const made = String(++next);
        set.add(made);
        record(collection === 'items' || collection === 'orders' ? 201 : 200);
        if (collection === 'items') return json(res, 201, { id: made }, { location: `/items/${made}` });
        if (collection === 'orders') return json(res, 201, { id: made });
        if (collection.startsWith('users/')) return json(res, 200, { key: { id: made } });
        return json(res, 200, { name: `bucket-${made}` });
      }
      if (req.method === 'DELETE' && id !== undefined) {
        const failing = failDeletes.get(`${collection}/${id}`);
        if (failing !== undefined) {
          record(failing);
          return json(res, failing, { error: 'cannot delete' });
        }
        const existed = set.delete(id);
        record(existed ? 204 : 404);
        return void res.writeHead(existed ? 204 : 404).end();
      }
      if (req.method === 'GET' && id !== undefined) {
        record(set.has(id) ? 200 : 404);
        return json(res, set.has(id) ? 200 : 404, { id });
      }
      record(404);
      json(res, 404, { error: 'no route' });
    });
  };
  return {
    listener,
    seen,
    live,
    failDeletes,
    deletes: () => seen.filter((s) => s.method === 'DELETE').map((s) => s.path),
  };
}

/** A temporary ledger directory, removed when the test ends. */
export function tempDir(t: TestContext, prefix = 'tandem-ledger-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The two ways the ledger tests reach the app: in-process, and over a real socket as a remote target. */
export const MODES = ['in-process', 'remote'] as const;
export type TestMode = (typeof MODES)[number];

/** `resourceApi()` reached in `mode`: the listener itself, or its URL once served. */
export async function reach(t: TestContext, mode: TestMode, api: ResourceApi): Promise<http.RequestListener | string> {
  return mode === 'in-process' ? api.listener : serve(t, api.listener);
}
