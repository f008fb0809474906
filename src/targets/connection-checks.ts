/**
 * Node's `headersTimeout` and `requestTimeout` checks for a server that never listens. Node runs
 * them from an interval (every `connectionsCheckingInterval` ms) that a server starts when it emits
 * `'listening'`, over a list of connections its HTTP parsers join only once that list exists. A
 * server fed in-memory connections never listens, so tandem starts that same tracking itself, by
 * calling the server's own `'listening'` handler for it (Node's `setupConnectionsTracking`) rather
 * than emitting `'listening'`, which would run the app's listeners for a port that does not exist.
 */
import type net from 'node:net';

const INTERVAL = 'http.server.connectionsCheckingInterval';

function intervalSymbol(server: net.Server): symbol | undefined {
  return Object.getOwnPropertySymbols(server).find((symbol) => symbol.description === INTERVAL);
}

const nothingToStop = (): void => undefined;

/**
 * Starts the header and request timeout checks of `server` as listening would; returns what stops
 * them (as `server.close()` would). On a server that listens already, or on a Node whose server
 * has no such handler, does nothing.
 *
 * @example
 * const stop = startConnectionChecks(server);
 * // … serve in-memory connections …
 * stop();
 */
export function startConnectionChecks(server: net.Server): () => void {
  if (server.listening) return nothingToStop;
  const setup = server.listeners('listening').find((listener) => listener.name === 'setupConnectionsTracking');
  if (!setup) return nothingToStop;
  (setup as (this: net.Server) => void).call(server);
  const symbol = intervalSymbol(server);
  if (!symbol) return nothingToStop;
  return () => {
    clearInterval((server as unknown as Record<symbol, NodeJS.Timeout | undefined>)[symbol]);
  };
}
