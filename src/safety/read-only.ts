/** Read-only targets: unsafe methods refused before anything is sent, unless a test allows writes. */

/** Methods that change nothing (RFC 9110 §9.2.1); every other method is refused on a read-only target. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Whether a target is read-only, and why (shown when a request is refused). */
export interface ReadOnlySetting {
  readOnly: boolean;
  reason: string;
}

/**
 * True for a host named like production: a label (split at `.` and `-`) that is `prod` or
 * `production`, e.g. `api.prod.example.com`, `production.example.com`, `api-prod.example.com`;
 * not `products.example.com`.
 *
 * @example
 * looksLikeProduction('orders-prod.internal'); // true
 */
export function looksLikeProduction(hostname: string): boolean {
  return hostname
    .toLowerCase()
    .split(/[.-]/)
    .some((label) => label === 'prod' || label === 'production');
}

/**
 * `option` when given; else read-only when `TANDEM_READ_ONLY` is `1` or `true`, or when a remote
 * target's host looks like production. Only `readOnly: false` turns the production guess off.
 */
export function resolveReadOnly(option: boolean | undefined, env: Record<string, string | undefined>, remoteUrl: URL | undefined): ReadOnlySetting {
  if (option !== undefined) return { readOnly: option, reason: `readOnly: ${String(option)}` };
  const fromEnv = env.TANDEM_READ_ONLY?.trim().toLowerCase();
  if (fromEnv === '1' || fromEnv === 'true') return { readOnly: true, reason: `TANDEM_READ_ONLY=${env.TANDEM_READ_ONLY?.trim()}` };
  if (remoteUrl && looksLikeProduction(remoteUrl.hostname)) return { readOnly: true, reason: `its host ${remoteUrl.hostname} looks like production` };
  return { readOnly: false, reason: 'not read-only' };
}
