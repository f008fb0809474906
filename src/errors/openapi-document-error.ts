import { TandemError, type TandemErrorOptions } from './tandem-error.js';

/**
 * One problem of an OpenAPI document, at a place in it.
 *
 * @example
 * const problem: OpenApiDocumentProblem = { pointer: '#/paths/~1tags/post/responses', line: 15, message: 'is missing: every operation documents its responses' };
 */
export interface OpenApiDocumentProblem {
  /** A JSON pointer into the document, e.g. `#/paths/~1notes/get/responses`. */
  readonly pointer: string;
  /** The line in the file, when the document was read from one. */
  readonly line?: number | undefined;
  readonly message: string;
}

export interface OpenApiDocumentErrorOptions extends TandemErrorOptions {
  /** Where the document came from: its file path, or `given as an object`. */
  source: string;
  problems: readonly OpenApiDocumentProblem[];
}

const LISTED = 50;

/**
 * The OpenAPI document given as `openapi` cannot be used: it cannot be read or parsed, it is not
 * OpenAPI 3.0 or 3.1, or it breaks the specification's rules (a missing `responses`, a status
 * key that is not one, a `$ref` that points nowhere, a schema that is not a schema…).
 * `problems` lists each one with its JSON pointer (and line); nothing is sent until it is fixed.
 *
 * @example
 * const api = createTestApp(app, { openapi: './broken.yaml' });
 * await assert.rejects(api.get('/health'), { code: 'TANDEM_OPENAPI_DOCUMENT' });
 */
export class OpenApiDocumentError extends TandemError {
  readonly code = 'TANDEM_OPENAPI_DOCUMENT';
  /** Where the document came from: its file path, or `given as an object`. */
  readonly source: string;
  /** Every problem found. */
  readonly problems: readonly OpenApiDocumentProblem[];

  constructor(headline: string, options: OpenApiDocumentErrorOptions) {
    const lines = options.problems.slice(0, LISTED).map((p) => `${p.pointer}${p.line === undefined ? '' : ` (line ${p.line})`}: ${p.message}`);
    if (options.problems.length > LISTED) lines.push(`… and ${options.problems.length - LISTED} more`);
    super(headline, { ...options, details: [lines.join('\n'), options.details].filter(Boolean).join('\n\n') || undefined });
    this.source = options.source;
    this.problems = options.problems;
  }
}
