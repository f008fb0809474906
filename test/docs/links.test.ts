/**
 * The docs' relative links lead somewhere: every one names a file of the repository, and every
 * `#anchor` a heading of the page it points to (as GitHub makes anchors of headings).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'node:test';
import { docsFiles } from './code-blocks.js';

const root = new URL('../../', import.meta.url).pathname;

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The text of a markdown file outside its fenced code blocks. */
function prose(file: string): string {
  return readFileSync(join(root, file), 'utf8').replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
}

function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of prose(file).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = anchorOf(heading!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

void test('GitHub anchors of headings', () => {
  assert.equal(anchorOf('`createTestApp(app?, options?)`'), 'createtestappapp-options');
  assert.equal(anchorOf('Crashes: run files and `tandem sweep`'), 'crashes-run-files-and-tandem-sweep');
  assert.equal(anchorOf('Recording (HAR)'), 'recording-har');
});

void test('every relative link of the docs names an existing file, and its #anchor a heading there', () => {
  const broken: string[] = [];
  for (const file of docsFiles(root)) {
    // Inline links `[text](target)`, outside code spans.
    for (const [, target] of prose(file).replace(/`[^`\n]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z][a-z+.-]*:/i.test(target!)) continue; // https:, mailto:
      const [path = '', anchor] = target!.split('#');
      const linked = path === '' ? file : normalize(join(dirname(file), decodeURIComponent(path)));
      if (!existsSync(join(root, linked))) broken.push(`${file}: ${target} (no file ${linked})`);
      else if (anchor !== undefined && (!linked.endsWith('.md') || statSync(join(root, linked)).isDirectory() || !anchors(linked).has(anchor))) {
        broken.push(`${file}: ${target} (no heading #${anchor} in ${linked})`);
      }
    }
  }
  assert.deepEqual(broken, []);
});
