import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first: a folder imports only from layers below its own. Within a
 * layer (the request builder, its response, the response's HTML pages, expectations and schema
 * checks name each other's types), a folder imports values only from folders listed before it,
 * and types from any; so no folder-level cycle exists, by value or by type across layers.
 */
const LAYERS = [
  ['format'],
  ['errors'],
  ['targets'],
  ['run'],
  ['session'],
  ['contracts', 'expect', 'html', 'response', 'request'],
  ['safety'],
  ['recording'],
  ['ledger'],
  ['config'],
  ['pipeline'],
  ['parity', 'client'],
  ['report'],
  ['sweep'],
  ['index.ts'],
  ['supertest'],
  ['runners'],
  ['cli'],
];

const listed = new Set(LAYERS.flat());
const present = readdirSync(new URL('./src/', import.meta.url), { withFileTypes: true }).map((entry) => entry.name);
const unlisted = present.filter((name) => !listed.has(name));
if (unlisted.length > 0) throw new Error(`eslint.config.mjs: give ${unlisted.join(', ')} a place in LAYERS`);

/** An import of one of `names` (a top-level folder of src/, or src/index.ts) from anywhere in src/. */
const importOf = (names) => `^(\\./|(\\.\\./)+)(${names.map((name) => (name.endsWith('.ts') ? `${name.slice(0, -3)}\\.js` : name)).join('|')})(/|$)`;

const layerRules = LAYERS.flatMap((layer, depth) =>
  layer.map((name, position) => {
    const above = LAYERS.slice(depth + 1).flat();
    const later = layer.slice(position + 1);
    const patterns = [];
    if (above.length > 0) patterns.push({ regex: importOf(above), message: `src/${name} must not import from a layer above its own (see LAYERS in eslint.config.mjs)` });
    if (later.length > 0) patterns.push({ regex: importOf(later), allowTypeImports: true, message: `src/${name} may import only types from it: values go one way within a layer (see LAYERS in eslint.config.mjs)` });
    return {
      files: [name.endsWith('.ts') ? `src/${name}` : `src/${name}/**/*.ts`],
      rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
    };
  }),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/*.mjs', '**/*.cjs', '**/*.js', '.tandem/**', 'test/fixtures/doc-samples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layerRules,
);
