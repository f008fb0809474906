/**
 * `api.dispatcher`: an undici `Dispatcher` routed to the test app's target, for client libraries
 * built on undici (`request(url, { dispatcher })`, `fetch(url, { dispatcher })`, `stream`,
 * `pipeline`). It exists before the target does; each dispatch goes into the test app's pipeline
 * (see `Pipeline.dispatch`). It belongs to the test app: closing it does nothing.
 */
import type { Dispatcher } from 'undici';
import { undici } from '../targets/undici.js';

/** Hands one dispatch to the pipeline. */
export type Dispatch = (options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) => void;

/** undici's Dispatcher class extended, made once, when the first `api.dispatcher` is (undici loads then). */
function defineTargetDispatcher(Base: typeof Dispatcher) {
  return class TargetDispatcher extends Base {
    readonly #dispatch: Dispatch;

    /** @param dispatch Sends one dispatch through the test app's pipeline. */
    constructor(dispatch: Dispatch) {
      super();
      this.#dispatch = dispatch;
    }

    override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
      this.#dispatch(options, handler);
      return true;
    }

    /** Does nothing: the dispatcher belongs to the test app, and `api.close()` closes it. */
    override close(): Promise<void>;
    override close(callback: () => void): void;
    override close(callback?: () => void): Promise<void> | void {
      if (callback) queueMicrotask(callback);
      else return Promise.resolve();
    }

    /** Does nothing: the dispatcher belongs to the test app, and `api.close()` closes it. */
    override destroy(): Promise<void>;
    override destroy(error: Error | null): Promise<void>;
    override destroy(callback: () => void): void;
    override destroy(error: Error | null, callback: () => void): void;
    override destroy(first?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
      const done = typeof first === 'function' ? first : callback;
      if (done) queueMicrotask(done);
      else return Promise.resolve();
    }
};
}

let TargetDispatcher: ReturnType<typeof defineTargetDispatcher> | undefined;

/**
 * A dispatcher handing each dispatch to `dispatch` (the test app's pipeline).
 *
 * @example
 * const dispatcher = targetDispatcher((options, handler) => runtime.dispatch(options, handler, sender));
 */
export function targetDispatcher(dispatch: Dispatch): Dispatcher {
  TargetDispatcher ??= defineTargetDispatcher(undici().Dispatcher);
  return new TargetDispatcher(dispatch);
}
