/**
 * Reading an OpenAPI document: a YAML or JSON file (YAML 1.2 reads both), or an object, with the
 * local files its `$ref`s name bundled in, so that every reference is one into a single document.
 * Everything here is synchronous: the document is read on the first request, from a hook that
 * runs before anything is sent.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document, LineCounter } from 'yaml';
import { OpenApiDocumentError, type OpenApiDocumentProblem } from '../../errors/openapi-document-error.js';
import { isRecord, toPointer, type Segments } from './pointer.js';

const require = createRequire(import.meta.url);

/**
 * What `openapi` accepts: a file path (relative to the working directory), a file URL, or the document itself.
 *
 * @example
 * createTestApp(app, { openapi: new URL('../openapi.yaml', import.meta.url) });
 */
export type OpenApiInput = string | URL | Record<string, unknown>;

/** Where files named by `$ref`s are kept in the bundled document. */
export const BUNDLED = 'x-tandem-bundled';

/**
 * Keys whose values are data, not parts of the document: `$ref`s in them are not references.
 * (`default` is data in a schema, but a response under `responses`.)
 */
const DATA_KEYS = new Set(['example', 'const', 'enum']);
const isData = (key: string, parentKey: string | undefined) => DATA_KEYS.has(key) || (key === 'default' && parentKey !== 'responses');

interface ParsedFile {
  /** As shown in messages: relative to the working directory. */
  readonly label: string;
  readonly yaml: Document.Parsed | undefined;
  readonly lines: LineCounter | undefined;
}

/** A document read and bundled, with the means to say where a pointer into it came from. */
export interface OpenApiSource {
  /** The document's file, relative to the working directory, or `given as an object`. */
  readonly label: string;
  /** Identifies the document across processes: its absolute path, or its title and version. */
  readonly key: string;
  /** The document, files its `$ref`s named bundled under {@link BUNDLED}. */
  readonly root: Record<string, unknown>;
  /** Where a pointer into the bundled document is in the files it came from. */
  locate(at: Segments): { pointer: string; line?: number | undefined };
}

const labelOf = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
};

/** The absolute path an `openapi` option names. */
export function inputPath(input: string | URL): string {
  return input instanceof URL || input.startsWith('file:') ? fileURLToPath(input) : resolve(input);
}

function parseFile(path: string): { value: unknown; file: ParsedFile } {
  const label = labelOf(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message;
    throw new OpenApiDocumentError(`the OpenAPI document ${label} cannot be read: ${reason}`, { source: label, problems: [] });
  }
  const yaml = require('yaml') as typeof import('yaml');
  const lines = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => ({ pointer: '#', line: e.linePos?.[0].line, message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '') }));
    throw new OpenApiDocumentError(`the OpenAPI document ${label} is not valid YAML or JSON`, { source: label, problems });
  }
  return { value: doc.toJS({ maxAliasCount: 10_000 }), file: { label, yaml: doc, lines } };
}

function lineIn(file: ParsedFile, at: Segments): number | undefined {
  if (!file.yaml || !file.lines) return undefined;
  for (let n = at.length; n >= 0; n--) {
    const node = file.yaml.getIn(at.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return file.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/**
 * Reads and bundles a document. Throws `OpenApiDocumentError` when a file cannot be read or
 * parsed, or a `$ref` names a file that cannot.
 */
export function readSource(input: OpenApiInput): OpenApiSource {
  let root: Record<string, unknown>;
  let main: ParsedFile;
  let baseDir: string;
  let key: string;
  if (typeof input === 'string' || input instanceof URL) {
    const path = inputPath(input);
    const parsed = parseFile(path);
    if (!isRecord(parsed.value)) throw new OpenApiDocumentError(`the OpenAPI document ${parsed.file.label} is not an object`, { source: parsed.file.label, problems: [{ pointer: '#', message: `is ${JSON.stringify(parsed.value)?.slice(0, 60)}` }] });
    root = parsed.value;
    main = parsed.file;
    baseDir = dirname(path);
    key = path;
  } else {
    if (!isRecord(input)) throw new OpenApiDocumentError('the OpenAPI document is not an object', { source: 'given as an object', problems: [] });
    try {
      root = structuredClone(input);
    } catch (error) {
      throw new OpenApiDocumentError(`the OpenAPI document given as an object cannot be copied: ${(error as Error).message}`, { source: 'given as an object', problems: [] });
    }
    main = { label: 'given as an object', yaml: undefined, lines: undefined };
    baseDir = process.cwd();
    const info = isRecord(root.info) ? root.info : {};
    key = `object:${String(info.title)}@${String(info.version)}`;
  }
  const files: ParsedFile[] = [];
  const bundled: Record<string, unknown> = {};
  const keys = new Map<string, string>();
  const problems: OpenApiDocumentProblem[] = [];

  const include = (path: string): string => {
    const known = keys.get(path);
    if (known !== undefined) return known;
    const { value, file } = parseFile(path);
    const id = String(files.length);
    keys.set(path, id);
    files.push(file);
    bundled[id] = value;
    rewrite(value, dirname(path), [BUNDLED, id], new Set());
    return id;
  };

  // Rewrites every `$ref` of a file (and every reference a discriminator maps to) into one into the bundled document.
  function rewrite(node: unknown, dir: string, prefix: Segments, seen: Set<object>, at: Segments = prefix): void {
    const parentKey = at.length > prefix.length ? at[at.length - 1] : undefined;
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, i) => rewrite(item, dir, prefix, seen, [...at, String(i)]));
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === 'string') record.$ref = rebase(record.$ref, dir, prefix, at);
    if (parentKey === 'discriminator' && isRecord(record.mapping)) {
      // A mapping's value is a schema name, or a reference (it has a `#` or a `/`) to rebase like a `$ref`.
      const mapping = record.mapping;
      for (const [value, target] of Object.entries(mapping)) {
        if (typeof target === 'string' && /[#/]/.test(target)) mapping[value] = rebase(target, dir, prefix, [...at, 'mapping', value]);
      }
    }
    for (const [name, value] of Object.entries(record)) if (!isData(name, parentKey)) rewrite(value, dir, prefix, seen, [...at, name]);
  }

  /** A reference written in a file of `dir` (bundled at `prefix`), as one into the bundled document. */
  function rebase(ref: string, dir: string, prefix: Segments, at: Segments): string {
    const hash = ref.indexOf('#');
    const file = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    if (file === '') return prefix.length > 0 ? `${toPointer(prefix)}${fragment}` : ref;
    if (/^[a-z][a-z\d+.-]*:/i.test(file)) return ref; // a URL: reported where it is followed
    try {
      return `${toPointer([BUNDLED, include(resolve(dir, decodeURI(file)))])}${fragment}`;
    } catch (error) {
      if (!(error instanceof OpenApiDocumentError)) throw error;
      problems.push({ ...locate(at), message: `$ref ${JSON.stringify(ref)}: ${error.message}${error.problems[0] ? ` (${error.problems[0].message})` : ''}` });
      return ref;
    }
  }

  function locate(at: Segments): { pointer: string; line?: number | undefined } {
    if (at[0] === BUNDLED && at[1] !== undefined) {
      const file = files[Number(at[1])];
      if (file) return { pointer: `${file.label}${toPointer(at.slice(2))}`, line: lineIn(file, at.slice(2)) };
    }
    return { pointer: toPointer(at), line: lineIn(main, at) };
  }

  rewrite(root, baseDir, [], new Set());
  if (files.length > 0) root[BUNDLED] = bundled;
  if (problems.length > 0) throw new OpenApiDocumentError(`the OpenAPI document ${main.label} names files that cannot be read`, { source: main.label, problems });
  return { label: main.label, key, root, locate };
}
