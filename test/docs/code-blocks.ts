/**
 * The fenced code blocks of the docs (README.md, CONTRIBUTING.md, docs/*.md), and what each one's
 * info string asks: run it (`ts`, `js`, `sh`), check it as an excerpt of a file (`ts
 * excerpt=<path>`), show it only (`fragment`), or nothing (`text` and data formats).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const RUN_LANGUAGES = new Set(['ts', 'js', 'sh']);
/** Blocks shown, never run: output, data and markup. */
export const SHOWN_LANGUAGES = new Set(['text', 'json', 'yaml', 'html', 'http', 'diff']);

export interface CodeBlock {
  /** The docs file, relative to the repository root. */
  file: string;
  /** The line of the opening fence, 1-based. */
  line: number;
  language: string;
  fragment: boolean;
  /** With `excerpt=<path>`: the file (relative to the repository root) this block is an excerpt of. */
  excerptOf: string | undefined;
  code: string;
}

/** The docs files, relative to `root`: README.md, CONTRIBUTING.md and docs/*.md. */
export function docsFiles(root: string): string[] {
  const pages = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', 'CONTRIBUTING.md', ...pages];
}

/** Where `file` is read wrong: a fence without an info string, an unknown language or attribute, a fence left open. */
export class CodeBlockError extends Error {}

/** The fenced code blocks of one docs file (``` fences at the start of a line). */
export function codeBlocks(root: string, file: string): CodeBlock[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  let open: { line: number; info: string; body: string[] } | undefined;
  lines.forEach((text, index) => {
    if (open) {
      if (text.trimEnd() === '```') {
        blocks.push(toBlock(file, open.line, open.info, open.body.join('\n')));
        open = undefined;
      } else open.body.push(text);
    } else if (text.startsWith('```')) open = { line: index + 1, info: text.slice(3).trim(), body: [] };
  });
  if (open) throw new CodeBlockError(`${file}:${open.line}: the code block is never closed`);
  return blocks;
}

function toBlock(file: string, line: number, info: string, code: string): CodeBlock {
  const where = `${file}:${line}`;
  const [language = '', ...attributes] = info.split(/\s+/).filter(Boolean);
  if (language === '') throw new CodeBlockError(`${where}: a code block needs an info string: ts, js or sh (run), or text for output`);
  if (!RUN_LANGUAGES.has(language) && !SHOWN_LANGUAGES.has(language)) {
    throw new CodeBlockError(`${where}: unknown language "${language}"; known: ${[...RUN_LANGUAGES, ...SHOWN_LANGUAGES].join(', ')}`);
  }
  let fragment = false;
  let excerptOf: string | undefined;
  for (const attribute of attributes) {
    if (attribute === 'fragment') fragment = true;
    else if (attribute.startsWith('excerpt=')) excerptOf = attribute.slice('excerpt='.length);
    else throw new CodeBlockError(`${where}: unknown attribute "${attribute}"; known: fragment, excerpt=<path>`);
  }
  if ((fragment || excerptOf !== undefined) && !RUN_LANGUAGES.has(language)) {
    throw new CodeBlockError(`${where}: "${attributes.join(' ')}" is only for ts, js and sh blocks`);
  }
  return { file, line, language, fragment, excerptOf, code };
}

/**
 * Where an excerpt parts from its file, or undefined when it is one: the block's lines, cut at
 * each `…` (which stands for what is left out, also across lines), are found in the file in order,
 * whitespace aside; a piece may carry a trailing `// comment` the file does not have.
 */
export function excerptMismatch(excerpt: string, source: string): string | undefined {
  const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
  const haystack = squash(source);
  let from = 0;
  for (const line of excerpt.split('\n')) {
    for (const piece of line.split('…').map(squash).filter(Boolean)) {
      const withoutComment = squash(piece.replace(/\s\/\/ .*$/, ''));
      const candidates = [piece, withoutComment].filter(Boolean);
      const found = candidates.map((candidate) => ({ at: haystack.indexOf(candidate, from), length: candidate.length })).find(({ at }) => at >= 0);
      if (!found) return piece;
      from = found.at + found.length;
    }
  }
  return undefined;
}
