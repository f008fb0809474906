/**
 * The HTTP lint of one target. Each request the target sends carries a marker header naming it;
 * on the server, a `'request'` listener placed before the app's takes the marker out (the app
 * never sees it) and observes the app's response. The client collects the findings when the
 * response arrives, or fails, or times out.
 */
import type http from 'node:http';
import type { LintRule } from '../../errors/lint-error.js';
import { observeResponse, type Observation } from './observation.js';

/** The request header that names a request to the lint on the server side. */
export const LINT_HEADER = 'x-tandem-lint';

let lastId = 0;

export class HttpLint {
  readonly rules: ReadonlySet<LintRule>;
  /** Requests sent and not collected yet, with their observation once the server saw them. */
  readonly #pending = new Map<string, Observation | undefined>();
  readonly #servers: http.Server[] = [];

  constructor(rules: ReadonlySet<LintRule>) {
    this.rules = rules;
  }

  /** True once installed on a Node server: requests are then observed on the server side. */
  get observesServer(): boolean {
    return this.#servers.length > 0;
  }

  /**
   * Observes the requests `server` receives from this lint's target. Its own listeners keep their order.
   *
   * @example
   * lint.install(http.createServer(guardListener(app)));
   */
  install(server: http.Server): void {
    server.prependListener('request', this.#onRequest);
    this.#servers.push(server);
  }

  /** Removes what {@link install} added. */
  uninstall(): void {
    for (const server of this.#servers.splice(0)) server.off('request', this.#onRequest);
  }

  /** Starts tracking a request; returns the marker value to send in {@link LINT_HEADER}. */
  open(): string {
    const id = String(++lastId);
    this.#pending.set(id, undefined);
    return id;
  }

  /** The observation of a request still in flight. */
  peek(id: string): Observation | undefined {
    return this.#pending.get(id);
  }

  /** Stops tracking a request and returns its observation: findings made later stay on the server. */
  take(id: string): Observation | undefined {
    const observation = this.#pending.get(id);
    this.#pending.delete(id);
    if (observation) observation.taken = true;
    return observation;
  }

  readonly #onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const id = this.#takeMarker(req);
    if (id !== undefined) this.#pending.set(id, observeResponse(req, res, this.rules));
  };

  /** Removes this lint's marker from `req` (raw and parsed headers) and returns it. */
  #takeMarker(req: http.IncomingMessage): string | undefined {
    const raw = req.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if (raw[i]!.toLowerCase() !== LINT_HEADER) continue;
      const id = raw[i + 1]!;
      if (!this.#pending.has(id)) return undefined; // another test app's marker: its own listener takes it
      raw.splice(i, 2);
      delete req.headers[LINT_HEADER];
      return id;
    }
    return undefined;
  }
}
