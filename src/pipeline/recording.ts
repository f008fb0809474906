/** Pipeline step 3: the HAR recording keeps every exchange that got a response, also one that fails a later check. */
import type { SendHooks } from '../request/send-hooks.js';
import type { Middleware } from './exchange.js';

/**
 * The step feeding `recorder` (a `HarRecorder`).
 *
 * @example
 * const step = recording(new HarRecorder({ ...init, path: harPathOf('run.har', env)! }));
 */
export function recording(recorder: SendHooks): Middleware {
  return async (exchange, next) => {
    recorder.beforeSend?.(exchange);
    try {
      await next(exchange);
    } finally {
      if (exchange.response) await recorder.afterExchange?.(exchange.response, exchange);
    }
  };
}
