/** Line diffs of JSON values for expectation failures. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// diff loads with the first failure that shows one, not with tandem: a passing suite never pays for it.
let diff: typeof import('diff') | undefined;

/** JSON with RegExp values shown as `/re/`, so expectations that use them read naturally. */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof RegExp ? String(v) : typeof v === 'bigint' ? `${v}n` : v), 2);
  return text ?? String(value);
}

/**
 * A unified-style line diff, `-` for expected and `+` for actual.
 *
 * @example
 * jsonDiff({ title: 'hi' }, { title: 'ho' });
 * // '  {\n-   "title": "hi"\n+   "title": "ho"\n  }'
 */
export function jsonDiff(expected: unknown, actual: unknown): string {
  const lines: string[] = [];
  diff ??= require('diff') as typeof import('diff');
  for (const part of diff.diffLines(toJsonText(expected), toJsonText(actual))) {
    const mark = part.added ? '+ ' : part.removed ? '- ' : '  ';
    for (const line of part.value.replace(/\n$/, '').split('\n')) lines.push(mark + line);
  }
  return lines.join('\n');
}
