/** One bounded GET, for `tandem targets`: did the deployment answer, and with what? */
import { STATUS_CODES } from 'node:http';
import { Agent, request } from 'undici';
import { describeAttemptError, readinessUrl } from '../client/wait-until-ready.js';

export interface ProbeResult {
  /** The URL requested. */
  url: URL;
  /** The status, when a response arrived. */
  status?: number;
  /** What happened, e.g. `200 OK`, `ECONNREFUSED`. */
  outcome: string;
  durationMs: number;
}

/**
 * Sends `GET <base><path>` once, giving up after `timeoutMs`; never throws for a network error.
 *
 * @example
 * const result = await probe(new URL('https://staging.example.com'), '/health', 5000);
 */
export async function probe(base: URL, path: string, timeoutMs: number): Promise<ProbeResult> {
  const url = readinessUrl(base, path);
  const agent = new Agent({ keepAliveTimeout: 1_000, pipelining: 1 });
  const started = performance.now();
  try {
    const response = await request(url, {
      method: 'GET',
      dispatcher: agent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: '*/*', 'user-agent': 'tandem-targets' },
    });
    await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    const text = STATUS_CODES[response.statusCode];
    return { url, status: response.statusCode, outcome: `${response.statusCode}${text ? ` ${text}` : ''}`, durationMs: performance.now() - started };
  } catch (error) {
    return { url, outcome: describeAttemptError(error), durationMs: performance.now() - started };
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}
