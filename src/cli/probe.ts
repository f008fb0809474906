/** One bounded GET, for `tandem targets`: did the deployment answer, and with what? */
import { attemptReadiness, describeAttemptError, readinessAgent, readinessUrl, type WaitUntilReadyOptions } from '../client/wait-until-ready.js';

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
 * Sends `GET <base><path>` once (with the target's headers and CAs), giving up after `timeoutMs`;
 * never throws for a network error.
 *
 * @example
 * const result = await probe(new URL('https://staging.example.com'), '/health', 5000);
 */
export async function probe(base: URL, path: string, timeoutMs: number, options: Pick<WaitUntilReadyOptions, 'headers' | 'ca'> = {}): Promise<ProbeResult> {
  const url = readinessUrl(base, path);
  const agent = readinessAgent(options.ca);
  const started = performance.now();
  try {
    const { status, statusText } = await attemptReadiness({ url, agent, headers: options.headers ?? {} }, timeoutMs);
    return { url, status, outcome: `${status}${statusText ? ` ${statusText}` : ''}`, durationMs: performance.now() - started };
  } catch (error) {
    return { url, outcome: describeAttemptError(error), durationMs: performance.now() - started };
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}
