/** How a command reports an error: a usage or config problem exits 2, anything else 1. */
import { TandemError } from '../errors/tandem-error.js';
import { EXIT } from './exit-codes.js';

const USAGE_CODES = new Set(['TANDEM_BAD_TARGET', 'TANDEM_CONFIG', 'TANDEM_BAD_OPTION']);

/**
 * Prints `error` as `tandem <command>: <message>` to stderr and returns the exit code it means.
 *
 * @example
 * process.exitCode = reportError('wait', error);
 */
export function reportError(command: string, error: unknown): number {
  process.stderr.write(`tandem ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
  return error instanceof TandemError && USAGE_CODES.has(error.code) ? EXIT.usage : EXIT.failed;
}
