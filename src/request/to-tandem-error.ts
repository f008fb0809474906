/** Maps whatever a target threw into the tandem error that explains it. */
import { ConnectionError } from '../errors/connection-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { TandemError, type FailureContext } from '../errors/tandem-error.js';
import { describeTarget } from '../format/failure-message.js';

const TLS_CODES = /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY|GET)_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;

function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR_CONNECT') return code;
  }
  return (error as { code?: string } | undefined)?.code;
}

/** Whether undici's HTTP parser refused the response (its error may carry no `HPE_` code). */
function isParserError(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { name?: unknown }).name === 'HTTPParserError') return true;
  }
  return false;
}

/**
 * Explains a failure of `target.send()`.
 *
 * @example
 * toTandemError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), ctx).code; // 'TANDEM_CONNECTION'
 */
export function toTandemError(error: unknown, context: FailureContext): TandemError {
  if (error instanceof TandemError) return error.withContext(context);
  const where = context.target ? describeTarget(context.target) : 'the target';
  const code = codeOf(error) ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TypeError && !code) {
    return new InvalidRequestError(`the request could not be built: ${message}`, { ...context, cause: error });
  }
  if (code === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH' || code === 'ERR_HTTP_CONTENT_LENGTH_MISMATCH') {
    return new InvalidRequestError('the streamed request body did not match the Content-Length the request set; the request was abandoned part-way', { ...context, cause: error });
  }
  let headline: string;
  if (code === 'ECONNREFUSED') headline = `connection refused by ${where}: is the service up and listening there?`;
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') headline = `the host of ${where} could not be resolved (${code}): check the URL`;
  else if (TLS_CODES.test(code)) headline = `TLS verification failed for ${where} (${code}: ${message}); trust its CA with the \`ca\` option, verification is never turned off`;
  else if (code === 'UND_ERR_CONNECT_TIMEOUT') headline = `connecting to ${where} timed out`;
  else if (code === 'ECONNRESET' || code === 'EPIPE') headline = `the connection to ${where} was reset (${code})`;
  else if (code.startsWith('HPE_') || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || isParserError(error)) headline = `${where} sent a malformed HTTP response (${code || 'HTTPParserError'}: ${message})`;
  else if (code === 'UND_ERR_SOCKET' && message === 'bad response') {
    headline = `${where} sent a response the request did not ask for (an unsolicited 100 Continue, or bytes after the response), which the HTTP client refuses (${code})`;
  } else if (code === 'UND_ERR_SOCKET') headline = `the connection to ${where} was closed before the response was complete (${message}, ${code})`;
  else headline = `the request to ${where} failed: ${message}${code ? ` (${code})` : ''}`;
  return new ConnectionError(headline, { ...context, cause: error });
}
