/**
 * undici, loaded when tandem first needs it (the first request's target, a multipart body,
 * `api.dispatcher`), not with tandem: importing `tandem` or `tandem/supertest` stays light.
 * undici is a CommonJS package, so what `require` returns here is the very module an `import`
 * of it gives — one `FormData` class, one `Dispatcher`.
 */
import { createRequire } from 'node:module';

type Undici = typeof import('undici');

const require = createRequire(import.meta.url);
let loaded: Undici | undefined;

/**
 * The undici module, loaded on the first call.
 *
 * @example
 * const form = new (undici().FormData)();
 */
export function undici(): Undici {
  return (loaded ??= require('undici') as Undici);
}

/**
 * Whether `value` is one of undici's `FormData` (not the platform's): judged by its tag first, so
 * that other bodies never load undici.
 *
 * @example
 * isUndiciFormData({ title: 'hi' }); // false, and undici is not loaded
 */
export function isUndiciFormData(value: object): value is InstanceType<Undici['FormData']> {
  return (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'FormData' && value instanceof undici().FormData;
}
