/**
 * `server.close(cb)` on an `http.Server` (or `https.Server`) given to `request(server)`, as under
 * supertest. supertest makes such a server listen for a request and closes it again when that
 * request's `.end()` (or `await`) has settled; until then the test may close it itself, and its
 * callback gets no error. tandem serves it without a port (in-process) or never starts it (against
 * a deployment), so Node would call back with `ERR_SERVER_NOT_RUNNING`. While a request made with
 * `request(server)` is open, the server counts as listening: its own `close` (set on that instance,
 * no prototype is patched) waits for tandem's requests to it to finish, emits `'close'` and calls
 * back without error. In every other case — the server listens for real, or no request holds it —
 * Node's `close` runs, with Node's answer. A later `request(server)` serves it again, as supertest
 * listens again.
 */
import net from 'node:net';
import { isNodeServer, type NodeServer } from '../targets/classify-app.js';

type CloseCallback = (error?: Error) => void;

/** The `close` a server had before it was served here (Node's, or the app's own). */
type Close = (this: NodeServer, callback?: CloseCallback) => unknown;

/** The state supertest's listening would have for one server given to `request(server)`. */
export class ServedServer {
  readonly server: NodeServer;
  readonly close: Close;
  /** Whether a request holds the server, as one supertest listened for. */
  open = false;
  /** Requests holding it in this opening; {@link generation} tells later openings apart. */
  holds = 0;
  generation = 0;
  /** Requests sent and not yet settled. */
  inFlight = 0;
  /** Whether a `close()` waits for the requests in flight before `'close'`. */
  closing = false;

  constructor(server: NodeServer, close: Close) {
    this.server = server;
    this.close = close;
  }

  /** A request is made: the server opens (if it was not) and is held until {@link release}. Returns the opening it belongs to. */
  take(): number {
    if (!this.open) {
      this.open = true;
      this.holds = 0;
    }
    this.holds++;
    return this.generation;
  }

  /** That request settled: the last one of an opening closes it, as supertest closes the server after the response. */
  release(generation: number): void {
    if (generation === this.generation && this.open && --this.holds === 0) this.open = false;
  }

  /** A request of it is on its way to the app. */
  sending(): void {
    this.inFlight++;
  }

  /** That request settled; a waiting close ends with the last one. */
  sent(): void {
    if (--this.inFlight === 0 && this.closing) {
      this.closing = false;
      this.server.emit('close');
    }
  }
}

const served = new WeakMap<NodeServer, ServedServer>();

/** Node's answer to closing a server that is not running (its own `ERR_SERVER_NOT_RUNNING`), asynchronously. */
function notRunning(callback: CloseCallback): void {
  new net.Server().close(callback);
}

/** The `close` of a served server: see the module's comment. One function for every server, reading its state. */
function closeServed(this: NodeServer, callback?: CloseCallback): NodeServer {
  const state = served.get(this);
  if (state?.closing) {
    // closing already: Node's answer to a second close, once the first has ended
    if (typeof callback === 'function') this.once('close', () => notRunning(callback));
    return this;
  }
  if (!state || this.listening || !state.open) {
    (state?.close ?? net.Server.prototype.close).call(this, callback);
    return this;
  }
  state.open = false;
  state.holds = 0;
  state.generation++;
  if (typeof callback === 'function') this.once('close', callback);
  if (state.inFlight > 0) state.closing = true;
  else process.nextTick(emitClose, this);
  return this;
}

function emitClose(server: NodeServer): void {
  server.emit('close');
}

/**
 * The state of `app` when it is an `http.Server` or `https.Server` tandem serves without
 * listening on it (in-process, or a deployment in its place); its own `close` is set the first
 * time. Undefined for other apps, and over loopback (where the server truly listens).
 *
 * @example
 * const server = http.createServer(app);
 * const state = servedServer(server, 'in-process');
 * new Test(api, 'GET', '/', overrides, state);
 */
export function servedServer(app: unknown, mode: string): ServedServer | undefined {
  if (mode === 'loopback' || !isNodeServer(app)) return undefined;
  let state = served.get(app);
  if (!state) {
    state = new ServedServer(app, Reflect.get(app, 'close')); // called with the server as `this`
    served.set(app, state);
    Object.defineProperty(app, 'close', { value: closeServed, writable: true, configurable: true, enumerable: false });
  }
  return state;
}
