/** Remote target: a deployment's base URL, real HTTP through an undici keep-alive pool. */
import { Pool } from 'undici';
import type { Mode } from '../format/exchange.js';
import { DispatcherTarget } from './dispatcher-target.js';
import { NodeClient } from './node-client.js';

export interface RemoteOptions {
  /** Extra certificate authorities to trust for this target only (PEM). TLS verification is never turned off. */
  ca?: string | Buffer | Array<string | Buffer> | undefined;
}

/**
 * A target for a deployment at `base` (its origin, plus an optional path prefix).
 *
 * @example
 * const target = createRemoteTarget(new URL('https://staging.example.com/api'));
 */
export function createRemoteTarget(
  base: URL,
  options: RemoteOptions = {},
  mode: Mode = 'remote',
  kind = 'remote',
  onClose?: () => Promise<void>,
): DispatcherTarget {
  // One origin per target, so one keep-alive Pool for it (an Agent would add a per-origin lookup to every request).
  const agent = new Pool(base.origin, { connect: options.ca ? { ca: options.ca } : {} });
  const origin = base.href.replace(/\/$/, '');
  return new DispatcherTarget(mode, kind, origin, agent, onClose, NodeClient.network(new URL(base.origin), options.ca));
}
