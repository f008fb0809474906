/** Builds the target for an app or URL: in-process by default, loopback on request, remote for URLs. */
import http from 'node:http';
import tls from 'node:tls';
import { BadTargetError } from '../errors/bad-target-error.js';
import { classifyApp, isNodeServer, secureOrigin, type AppInput, type ClassifiedApp } from './classify-app.js';
import type { RemoteOptions } from './remote-target.js';
import type { Target } from './target.js';
import type { LintRule } from '../errors/lint-error.js';

/**
 * Each kind of target loads when the first one of its kind is built, once: an in-process suite
 * never loads the remote or loopback code, nor the HTTP lint when it is off.
 */
const load = {
  fetchHandler: once(() => import('./fetch-handler-target.js')),
  loopback: once(() => import('./loopback-target.js')),
  nodeHandler: once(() => import('./node-handler-target.js')),
  remote: once(() => import('./remote-target.js')),
  lint: once(async () => ({ ...(await import('./lint/http-lint.js')), ...(await import('./lint/linting-target.js')) })),
};

function once<T>(loader: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= loader());
}

export interface TargetOptions extends RemoteOptions {
  /** `'in-process'` (no port) or `'loopback'` (one 127.0.0.1 port). Ignored for URLs. */
  transport: 'in-process' | 'loopback';
  /** The origin in-process requests appear to come to. */
  inProcessOrigin: string;
  /** The HTTP lint rules to apply in-process and over loopback (never to a URL); undefined: no lint. */
  lint?: ReadonlySet<LintRule> | undefined;
}

/** The most factories that may return factories before tandem gives up. */
const MAX_FACTORY_DEPTH = 3;

/** Calls factories until an app (or URL) comes out. `onBuilt` receives each app a factory built. */
async function resolveFactories(app: ClassifiedApp, onBuilt: (built: unknown) => void): Promise<Exclude<ClassifiedApp, { type: 'factory' }>> {
  let current = app;
  for (let depth = 0; current.type === 'factory'; depth++) {
    if (depth === MAX_FACTORY_DEPTH) throw new BadTargetError(`the app factory returned a function ${MAX_FACTORY_DEPTH} times in a row; return the app itself`);
    let built: unknown;
    try {
      built = await current.factory();
    } catch (error) {
      const what = error instanceof Error ? error.message : String(error);
      throw new BadTargetError(
        `calling the app factory failed: ${what}. (A function with no declared parameters is taken for a factory; a request handler declares (req, res) or (request).)`,
        { cause: error },
      );
    }
    onBuilt(built);
    current = classifyApp(built);
  }
  return current;
}

/**
 * Creates the target for `app`. An app built by a factory is closed with the target when it has a
 * `close()` method (Fastify instances, servers, or objects like `{ fetch, close }`).
 *
 * @example
 * const target = await createTarget(express(), { transport: 'in-process', inProcessOrigin: 'http://localhost' });
 */
export async function createTarget(app: AppInput, options: TargetOptions): Promise<Target> {
  const built: Array<{ close(): unknown }> = [];
  const resolved = await resolveFactories(classifyApp(app), (value) => {
    if (value && typeof (value as { close?: unknown }).close === 'function') built.push(value as { close(): unknown });
  });
  const closeBuilt = async () => {
    for (const value of built.reverse()) {
      if (isNodeServer(value)) {
        if (value.listening) await new Promise((resolve) => value.close(resolve));
      } else await value.close();
    }
  };
  if (resolved.type === 'url') return (await load.remote()).createRemoteTarget(resolved.url, options, 'remote', 'remote', closeBuilt);
  const { HttpLint, LintingTarget } = options.lint ? await load.lint() : {};
  const lint = options.lint && HttpLint && new HttpLint(options.lint);
  const linted = (target: Target): Target => (lint && LintingTarget ? new LintingTarget(target, lint) : target);
  if (options.transport === 'loopback') return linted(await (await load.loopback()).createLoopbackTarget(resolved, closeBuilt, lint, options.ca));
  const origin = options.inProcessOrigin;
  switch (resolved.type) {
    case 'fetch': {
      const { FetchHandlerTarget } = await load.fetchHandler();
      return linted(new FetchHandlerTarget(resolved.handler, resolved.kind, origin, closeBuilt));
    }
    case 'listener':
    case 'server': {
      const { createNodeHandlerTarget, guardListener } = await load.nodeHandler();
      if (resolved.type === 'server' && resolved.fastify) await resolved.fastify.ready();
      const server = resolved.type === 'server' ? resolved.server : http.createServer(guardListener(resolved.listener));
      lint?.install(server);
      return linted(createNodeHandlerTarget(server, resolved.kind, server instanceof tls.Server ? secureOrigin(origin) : origin, closeBuilt));
    }
  }
}
