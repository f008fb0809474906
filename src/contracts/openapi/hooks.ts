/**
 * The `openapi` option at work: send hooks that check every exchange of a test app against the
 * document (and record what it exercised, for coverage), in every mode. The document is loaded on
 * the first request, before it is sent, so a broken document fails that request and sends nothing.
 */
import { ContractError } from '../../errors/contract-error.js';
import type { PendingRequest, SendHooks } from '../../request/send-hooks.js';
import type { TestResponse } from '../../response/test-response.js';
import { recordHit } from '../coverage/record.js';
import { loadContract } from './contract.js';
import { matchStatus, type OperationDoc } from './document.js';
import type { OpenApiInput } from './source.js';
import { documentPath, findOperation, requestViolations, responseViolations, undocumented, undocumentedStatus } from './validate.js';

export interface OpenApiHookOptions {
  readonly openapi: OpenApiInput;
  /** Check request bodies too, before they are sent. */
  readonly validateRequests: boolean;
  /** Where this process appends what it exercised; undefined: kept in memory only. */
  readonly coverageDir: string | undefined;
}

const countOf = (n: number) => (n === 1 ? '1 violation' : `${n} violations`);
const withOptOut = (details: string | undefined) =>
  [details, 'a request that is meant to leave the document (a probe of an unknown route) can say so with .contract(false)'].filter(Boolean).join('\n\n');

/**
 * The hooks of the `openapi` option.
 *
 * @example
 * hooks.push(openApiHooks({ openapi: './openapi.yaml', validateRequests: false, coverageDir: undefined }));
 */
export function openApiHooks(options: OpenApiHookOptions): SendHooks {
  const contract = () => loadContract(options.openapi);
  return {
    beforeSend(request: PendingRequest): void {
      const loaded = contract();
      if (!options.validateRequests || request.spec?.contract?.request === false) return;
      const lookup = findOperation(loaded, request.method, documentPath(request.url, request.target.origin));
      if (lookup.kind !== 'operation') return; // the response check names what is undocumented
      const streamed = request.body === undefined && request.spec?.body !== undefined;
      const violations = requestViolations(loaded, lookup.operation, { headers: request.headers, body: request.body, streamed });
      if (violations.length > 0) {
        throw new ContractError(
          `the request does not match the OpenAPI document (${loaded.source.label}) for ${lookup.operation.label} (${countOf(violations.length)}); it was not sent`,
          { violations, operation: lookup.operation.label, details: 'to send it all the same (a test of the app\'s own validation), add .contract({ request: false })' },
        );
      }
    },

    afterExchange(response: TestResponse, request: PendingRequest): void {
      const loaded = contract();
      const check = request.spec?.contract?.response !== false;
      const context = { request: response.request, response, target: response.target };
      const pathname = documentPath(request.url, request.target.origin);
      const lookup = findOperation(loaded, request.method, pathname);
      const document = loaded.source.key;
      if (lookup.kind !== 'operation') {
        const path = lookup.kind === 'no-path' ? pathname : lookup.path.template;
        recordHit({ document, method: request.method, path, documented: false, response: undefined, status: response.status }, options.coverageDir);
        if (!check) return;
        const { headline, violations, details } = undocumented(loaded, request.method, lookup);
        throw new ContractError(headline, { ...context, violations, details: withOptOut(details) });
      }
      const operation: OperationDoc = lookup.operation;
      const documented = matchStatus(operation, response.status);
      recordHit({ document, method: operation.method, path: operation.template, documented: true, response: documented?.key, status: response.status }, options.coverageDir);
      if (!check) return;
      if (!documented) {
        const { headline, violations } = undocumentedStatus(loaded, operation, response.status);
        throw new ContractError(headline, { ...context, violations, operation: operation.label, details: withOptOut(undefined) });
      }
      const violations = responseViolations(loaded, documented, { method: request.method, status: response.status, headers: response.headers, body: response.body });
      if (violations.length > 0) {
        throw new ContractError(
          `the response does not match the OpenAPI document (${loaded.source.label}) for ${operation.label} → ${documented.key} (${countOf(violations.length)})`,
          { ...context, violations, operation: operation.label },
        );
      }
    },
  };
}
