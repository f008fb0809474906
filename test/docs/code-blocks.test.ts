import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CodeBlockError, codeBlocks, excerptMismatch } from './code-blocks.js';

function page(markdown: string) {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-code-blocks-'));
  writeFileSync(join(dir, 'page.md'), markdown);
  return () => codeBlocks(dir, 'page.md');
}

void test('a code block is read with its line, language and attributes', () => {
  const blocks = page('# p\n\n```ts\nconst a = 1;\n```\n\n```sh fragment\nnpm install\n```\n\n```ts excerpt=src/x.ts\nx\n```\n\n```text\nout\n```\n')();
  assert.deepEqual(
    blocks.map(({ line, language, fragment, excerptOf, code }) => ({ line, language, fragment, excerptOf, code })),
    [
      { line: 3, language: 'ts', fragment: false, excerptOf: undefined, code: 'const a = 1;' },
      { line: 7, language: 'sh', fragment: true, excerptOf: undefined, code: 'npm install' },
      { line: 11, language: 'ts', fragment: false, excerptOf: 'src/x.ts', code: 'x' },
      { line: 15, language: 'text', fragment: false, excerptOf: undefined, code: 'out' },
    ],
  );
});

void test('a fence without an info string, an unknown language or attribute, and an open fence are refused', () => {
  assert.throws(page('```\nx\n```\n'), (e: unknown) => e instanceof CodeBlockError && /page\.md:1: a code block needs an info string/.test(e.message));
  assert.throws(page('```tsx\nx\n```\n'), /unknown language "tsx"/);
  assert.throws(page('```ts fragmnet\nx\n```\n'), /unknown attribute "fragmnet"/);
  assert.throws(page('```text fragment\nx\n```\n'), /only for ts, js and sh blocks/);
  assert.throws(page('text\n```ts\nx\n'), /page\.md:2: the code block is never closed/);
});

void test('an excerpt is found in its file in order, with … for what is left out', () => {
  const source = 'export class A {\n  constructor(x: number) {\n    this.x = x;\n  }\n\n  get(id: string): string {\n    return id;\n  }\n}\n';
  assert.equal(excerptMismatch('export class A {\n  constructor(x: number) { … }\n  get(id: string): string { … }   // the id\n}', source), undefined);
  assert.equal(excerptMismatch('export class A {\n  get(id: string): string { … }\n  constructor(x: number) { … }', source), 'constructor(x: number) {', 'out of order');
  assert.equal(excerptMismatch('  get(id: number): string { … }', source), 'get(id: number): string {', 'changed');
});
