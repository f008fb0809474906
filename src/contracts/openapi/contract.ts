/**
 * An OpenAPI document ready to check exchanges against: read, checked against the specification's
 * rules, its schemas compiled by ajv (JSON Schema 2020-12, OpenAPI's formats added) once per
 * direction. Loaded once per file (or object) and process, on first use, synchronously.
 */
import { createRequire } from 'node:module';
import type { Ajv as AjvCore, ErrorObject, ValidateFunction } from 'ajv';
import { OpenApiDocumentError, type OpenApiDocumentProblem } from '../../errors/openapi-document-error.js';
import { addStandardFormats, AJV_OPTIONS, FORBIDDEN_KEYWORD } from '../json-schema.js';
import { readModel, type DocumentModel, type Problem } from './document.js';
import { getAt, parseLocalRef, toFragment, type Segments } from './pointer.js';
import { prepareDocument, type Direction } from './schemas.js';
import { BUNDLED, inputPath, readSource, type OpenApiInput, type OpenApiSource } from './source.js';

const require = createRequire(import.meta.url);

const INT32 = 2 ** 31;

/** The formats OpenAPI adds to JSON Schema's. */
function addOpenApiFormats(ajv: AjvCore): void {
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^(?:[A-Za-z\d+/]{4})*(?:[A-Za-z\d+/]{2}==|[A-Za-z\d+/]{3}=)?$/);
  ajv.addFormat('binary', true);
  ajv.addFormat('password', true);
}

function addForbiddenKeyword(ajv: AjvCore): void {
  ajv.addKeyword({
    keyword: FORBIDDEN_KEYWORD,
    schemaType: 'string',
    errors: true,
    validate: function forbidden(flag: string) {
      const where = flag === 'readOnly' ? 'in a request' : 'in a response';
      (forbidden as { errors?: Array<Partial<ErrorObject>> }).errors = [{ keyword: FORBIDDEN_KEYWORD, message: `is ${flag}: it must not appear ${where}`, params: { flag } }];
      return false;
    },
  });
}

const IDS: Record<Direction, string> = { response: 'tandem:openapi/response', request: 'tandem:openapi/request' };

/** A loaded, checked document. */
export class OpenApiContract {
  readonly source: OpenApiSource;
  readonly model: DocumentModel;
  readonly #ajv: AjvCore;
  readonly #validators = new Map<string, ValidateFunction>();
  #requestDocument = false;

  constructor(source: OpenApiSource) {
    this.source = source;
    const read = readModel(source.root);
    if (!read.model) throw this.#error(read.problems);
    const model = read.model;
    this.model = model;
    const Ajv2020 = (require('ajv/dist/2020') as { default: new (options: object) => AjvCore }).default;
    this.#ajv = new Ajv2020(AJV_OPTIONS);
    addStandardFormats(this.#ajv);
    addOpenApiFormats(this.#ajv);
    addForbiddenKeyword(this.#ajv);
    const { document: prepared, refTargets } = prepareDocument(source.root, model.version, 'response');
    this.#ajv.addSchema(prepared, IDS.response);
    // Every schema is checked against the meta-schema first (those $refs lead to as well, which may
    // be in other files), then compiled, which finds the $refs that lead nowhere.
    const problems: Problem[] = [];
    const checked = new Set<string>();
    for (const at of [...model.schemaLocations, ...refTargets]) {
      const key = at.join('/');
      const schema = getAt(prepared, at);
      if (checked.has(key) || schema === undefined) continue;
      checked.add(key);
      if (!this.#ajv.validateSchema(schema as object)) problems.push(...this.#metaProblems(at, this.#ajv.errors ?? []));
    }
    if (problems.length > 0) throw this.#error(problems);
    for (const at of model.schemaLocations) {
      try {
        this.validator('response', at);
      } catch (error) {
        problems.push({ at, message: this.#readable((error as Error).message) });
      }
    }
    if (problems.length > 0) throw this.#error(problems);
  }

  /** The compiled schema at `at`, for checking what goes in `direction`. */
  validator(direction: Direction, at: Segments): ValidateFunction {
    const key = `${direction} ${at.join('\u0000')}`;
    let validate = this.#validators.get(key);
    if (!validate) {
      if (direction === 'request' && !this.#requestDocument) {
        this.#ajv.addSchema(prepareDocument(this.source.root, this.model.version, 'request').document, IDS.request);
        this.#requestDocument = true;
      }
      validate = this.#ajv.getSchema(`${IDS[direction]}${toFragment(at)}`);
      if (!validate) throw new Error(`no schema at ${toFragment(at)}`);
      this.#validators.set(key, validate);
    }
    return validate;
  }

  /** Makes ajv's `#/x-tandem-bundled/0/…` references read as the file and pointer they came from. */
  #readable(message: string): string {
    return message
      .replace(/ from id tandem:openapi\/\w+/g, '')
      .replace(new RegExp(`#/${BUNDLED}/[^\\s"']*`, 'g'), (ref) => this.source.locate(parseLocalRef(ref) ?? []).pointer);
  }

  #metaProblems(at: Segments, errors: readonly ErrorObject[]): Problem[] {
    const seen = new Set<string>();
    const out: Problem[] = [];
    for (const error of errors) {
      const where = [...at, ...(error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')))];
      const key = where.join('/');
      if (seen.has(key)) continue;
      seen.add(key);
      const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
      out.push({ at: where, message: `is not a valid schema: ${error.message ?? error.keyword}${allowed ? ` (${allowed.map((v) => JSON.stringify(v)).join(', ')})` : ''}` });
    }
    return out;
  }

  #error(problems: readonly Problem[]): OpenApiDocumentError {
    const listed: OpenApiDocumentProblem[] = problems.map((p) => ({ ...this.source.locate(p.at), message: this.#readable(p.message) }));
    const count = listed.length === 1 ? '1 problem' : `${listed.length} problems`;
    return new OpenApiDocumentError(`the OpenAPI document ${this.source.label} is not valid (${count}); fix it before testing against it`, { source: this.source.label, problems: listed });
  }
}

/** Why a document could not be loaded, to report again (with each request's own context). */
interface Failure {
  readonly headline: string;
  readonly source: string;
  readonly problems: readonly OpenApiDocumentProblem[];
}

/** Documents by absolute path or object: loaded once (or failed once) per process. */
const byPath = new Map<string, OpenApiContract | Failure>();
const byObject = new WeakMap<object, OpenApiContract | Failure>();

/**
 * The contract an `openapi` option names, loaded on first use and kept for the life of the
 * process. Throws `OpenApiDocumentError` (the same one every time) when the document is unusable.
 */
export function loadContract(input: OpenApiInput): OpenApiContract {
  const isFile = typeof input === 'string' || input instanceof URL;
  const key = isFile ? inputPath(input) : undefined;
  let found = key === undefined ? byObject.get(input as object) : byPath.get(key);
  if (!found) {
    try {
      found = new OpenApiContract(readSource(input));
    } catch (error) {
      if (!(error instanceof OpenApiDocumentError)) throw error;
      found = { headline: error.message.split('\n')[0]!, source: error.source, problems: error.problems };
    }
    if (key === undefined) byObject.set(input as object, found);
    else byPath.set(key, found);
  }
  if (!(found instanceof OpenApiContract)) throw new OpenApiDocumentError(found.headline, { source: found.source, problems: found.problems });
  return found;
}
