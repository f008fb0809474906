/**
 * Node's own HTTP parser (`HTTPParser`, the one `http.request` reads responses with), for the
 * in-memory client. Node does not document it: it is reached through `_http_common`, and
 * {@link memoryParser} checks it has every member the client uses, so that the in-process target
 * falls back to undici when a Node release changes it (and `test/targets/memory-client.test.ts`
 * fails, so that the change is noticed).
 */
import { createRequire } from 'node:module';

/** The members of Node's `HTTPParser` this client uses. */
export interface NodeHttpParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(data: Buffer): number | Error;
  finish(): number | Error | undefined;
  close(): void;
  [key: number]: unknown;
}

/** Node's `HTTPParser` class, with the constants used here. */
export interface ParserClass {
  new (): NodeHttpParser;
  readonly RESPONSE: number;
  readonly kOnHeaders: number;
  readonly kOnHeadersComplete: number;
  readonly kOnBody: number;
  readonly kOnMessageComplete: number;
}

/**
 * Node's `HTTPParser`, or undefined when this Node no longer offers it with the members used here.
 *
 * @example
 * if (memoryParser() === undefined) console.warn('in-process requests go through undici');
 */
export function memoryParser(): ParserClass | undefined {
  if (found === false) found = findParser();
  return found;
}

/** What {@link memoryParser} found: looked up once per process (`false`: not yet). */
let found: ParserClass | undefined | false = false;

function findParser(): ParserClass | undefined {
  try {
    const parser = (createRequire(import.meta.url)('_http_common') as { HTTPParser?: ParserClass }).HTTPParser;
    if (typeof parser !== 'function') return undefined;
    for (const key of ['RESPONSE', 'kOnHeaders', 'kOnHeadersComplete', 'kOnBody', 'kOnMessageComplete'] as const) if (typeof parser[key] !== 'number') return undefined;
    for (const key of ['initialize', 'execute', 'finish', 'close'] as const) if (typeof parser.prototype[key] !== 'function') return undefined;
    return parser;
  } catch {
    return undefined;
  }
}
