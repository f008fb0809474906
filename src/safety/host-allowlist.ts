/** The host allowlist: requests to any other host are refused before they are sent. */
import { OptionError } from '../errors/option-error.js';

/**
 * Checks `options.allowHosts`: each entry a host name (`staging.example.com`), a host and port
 * (`127.0.0.1:8080`) or a wildcard for subdomains (`*.example.com`).
 */
export function validateAllowHosts(hosts: unknown): readonly string[] | undefined {
  if (hosts === undefined) return undefined;
  if (!Array.isArray(hosts) || hosts.some((host) => typeof host !== 'string' || host.trim() === '' || /[/\s]/.test(host))) {
    throw new OptionError(`options.allowHosts must be a list of host names such as 'staging.example.com', '127.0.0.1:8080' or '*.example.com'; got ${JSON.stringify(hosts)}`);
  }
  return (hosts as string[]).map((host) => host.trim().toLowerCase());
}

/**
 * True when `url`'s host is on `allowed`.
 *
 * @example
 * hostAllowed(['*.example.com'], new URL('https://api.example.com/x')); // true
 */
export function hostAllowed(allowed: readonly string[], url: URL): boolean {
  const hostname = url.hostname.toLowerCase();
  const host = url.host.toLowerCase();
  return allowed.some((entry) => entry === hostname || entry === host || (entry.startsWith('*.') && hostname.endsWith(entry.slice(1))));
}
