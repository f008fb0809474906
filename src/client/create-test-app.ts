import type { AppInput } from '../targets/classify-app.js';
import type { TestAppOptions } from '../config/test-app-options.js';
import { TestApp } from './test-app.js';

/**
 * Creates a test app. `app` may be a Node request listener (Express, Connect, `koa.callback()`), a
 * Koa app, a Fastify instance, an `http.Server`, a fetch handler or an object with `fetch` (Hono),
 * a URL of a deployment, or a function taking no arguments that returns any of these (called once,
 * lazily, and never when a URL target is chosen). `options.target`, then the `TANDEM_TARGET`
 * environment variable, override the app with a deployment URL.
 *
 * @example
 * import { createTestApp } from 'tandem';
 * const api = createTestApp(() => createApp());
 * const res = await api.post('/notes').json({ title: 'hi' }).expect(201);
 * await api.close();
 */
export function createTestApp(app?: AppInput, options?: TestAppOptions): TestApp {
  return new TestApp(app, options);
}
