/**
 * The form model's entry list against jsdom's `new FormData(form, submitter)` (the test-only
 * oracle) on every form of test/fixtures/forms/: the form `#subject`, submitted by the element
 * marked `data-submitter` if there is one.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { FormEntry } from '../../src/index.js';
import { htmlResponse, PAGE_URL } from '../fixtures/forms/html-response.js';
import { oracleWindow } from '../fixtures/forms/jsdom-oracle.js';

const dir = new URL('../fixtures/forms/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.html')).sort();

type Shown = [string, string | { file: string; type: string; size: number }];

const show = (entries: Iterable<readonly [string, unknown]>): Shown[] =>
  [...entries].map(([name, value]) => {
    if (typeof value === 'string') return [name, value];
    const file = value as { name: string; type: string; size: number };
    return [name, { file: file.name, type: file.type, size: file.size }];
  });

function oracle(html: string): { entries: Shown[]; submitter: { name: string; value: string } | undefined } {
  const window = oracleWindow(html, PAGE_URL);
  try {
    const form = window.document.getElementById('subject');
    const marked = window.document.querySelector('[data-submitter]');
    const data = new window.FormData(form, marked ?? undefined);
    return { entries: show(data), submitter: marked ? { name: marked.getAttribute('name') ?? '', value: marked.value } : undefined };
  } finally {
    window.close();
  }
}

function ours(html: string, submitter: { name: string; value: string } | undefined): Shown[] {
  const form = htmlResponse(html).forms.byId('subject');
  return show(form.entries(submitter) as Iterable<FormEntry>);
}

void describe('entry list equals jsdom FormData on the corpus', () => {
  void test('the corpus holds at least 25 forms', () => {
    assert.ok(files.length >= 25, `only ${files.length} forms in test/fixtures/forms`);
  });

  for (const file of files) {
    void test(file, () => {
      const html = readFileSync(new URL(file, dir), 'utf8');
      const expected = oracle(html);
      assert.deepEqual(ours(html, expected.submitter), expected.entries);
    });
  }
});
