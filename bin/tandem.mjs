#!/usr/bin/env node
// The `tandem` command. An installed package runs its build (dist/); a checkout of tandem itself,
// which has its TypeScript sources (src/ is not published), runs them through tsx, so that
// `npx tandem` works there without a build and never runs a stale one.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli/main.ts', import.meta.url);
if (existsSync(fileURLToPath(source))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli/main.js', import.meta.url).href);
}
