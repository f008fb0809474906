import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Har } from '../../src/recording/har.js';

// ajv-formats is CommonJS: its default import is the plugin function itself.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const schema = JSON.parse(readFileSync(new URL('har-1.2.schema.json', import.meta.url), 'utf8')) as object;
const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }));
const validate = ajv.compile(schema);

/** Reads a HAR file and asserts it is valid HAR 1.2; returns it with its raw text. */
export function readValidHar(path: string): { har: Har; text: string } {
  const text = readFileSync(path, 'utf8');
  const har = JSON.parse(text) as Har;
  assert.ok(validate(har), `not valid HAR 1.2: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  return { har, text };
}

/** Asserts no secret appears in the file: as written, URL-encoded, base64-encoded, nor inside any base64 body. */
export function assertNoSecrets(har: Har, text: string, secrets: readonly string[]): void {
  const decoded = har.log.entries.flatMap((entry) => [
    entry.response.content.encoding === 'base64' ? Buffer.from(entry.response.content.text ?? '', 'base64').toString('latin1') : '',
    Buffer.from(entry.request.postData?.text ?? '', 'base64').toString('latin1'),
  ]);
  for (const secret of secrets) {
    for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
      assert.ok(!text.includes(form), `the HAR file contains the secret ${secret} (as ${form})`);
    }
    for (const body of decoded) assert.ok(!body.includes(secret), `a base64 body in the HAR file contains the secret ${secret}`);
  }
}

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-har-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
