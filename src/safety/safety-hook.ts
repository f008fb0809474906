/** The safety policy as a send hook: it refuses a request before anything is sent. */
import { currentTest, writesAllowed } from '../run/test-context.js';
import { HostNotAllowedError } from '../errors/host-not-allowed-error.js';
import { ReadOnlyError } from '../errors/read-only-error.js';
import type { PendingRequest, SendHooks } from '../request/send-hooks.js';
import { hostAllowed } from './host-allowlist.js';
import { SAFE_METHODS, type ReadOnlySetting } from './read-only.js';

export interface SafetyPolicy {
  readOnly: ReadOnlySetting;
  /** Hosts a remote target's requests may go to; `undefined` allows any. */
  allowHosts: readonly string[] | undefined;
}

function who(): string {
  const test = currentTest();
  return test === undefined ? 'code outside any test tandem knows of' : `test ${JSON.stringify(test)}`;
}

function checkHost(policy: SafetyPolicy, request: PendingRequest): void {
  // An app tested in-process or over loopback is never a shared deployment; the list guards the network.
  if (!policy.allowHosts || request.target.mode !== 'remote' || hostAllowed(policy.allowHosts, request.url)) return;
  throw new HostNotAllowedError(
    `${request.method} ${request.url.host} refused: the host is not on allowHosts (${policy.allowHosts.join(', ')}); nothing was sent. ` +
      `Add it to allowHosts if this target is meant to be tested.`,
  );
}

function checkWrite(policy: SafetyPolicy, request: PendingRequest): void {
  if (!policy.readOnly.readOnly || SAFE_METHODS.has(request.method) || writesAllowed()) return;
  throw new ReadOnlyError(
    `${request.method} refused: the target is read-only (${policy.readOnly.reason}); ${who()} tried to send it and nothing was sent. ` +
      `To allow writes, wrap the test in allowWrites(...) (import { allowWrites } from 'tandem'), or create the test app with readOnly: false.`,
  );
}

/** The hook enforcing `policy` on every exchange, redirect hops and `api.fetch` included. */
export function safetyHook(policy: SafetyPolicy): SendHooks {
  return {
    beforeSend(request) {
      checkHost(policy, request);
      checkWrite(policy, request);
    },
  };
}
