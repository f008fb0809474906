/** Config files written to fresh temporary directories, removed when the test ends. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';

/** The library's entry point, importable from a config file anywhere. */
export const TANDEM_ENTRY = pathToFileURL(new URL('../../src/index.ts', import.meta.url).pathname).href;

/** A new empty directory (its real path: macOS's /tmp is a link), removed after `t`. */
export function tempDir(t: TestContext, prefix = 'tandem-config-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `text` to `dir/name` (creating directories) and returns the file's path. */
export function writeFile(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** A config file of `config` as JSON, in `dir`. */
export function writeJsonConfig(dir: string, config: unknown, name = 'tandem.config.json'): string {
  return writeFile(dir, name, JSON.stringify(config, null, 2));
}
