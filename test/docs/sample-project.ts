/**
 * The project the docs' samples run in: a copy of test/fixtures/doc-samples per docs page, under
 * its .run/ folder, inside the repository (so that `import … from 'tandem'` resolves, through the
 * package's self-reference, to the build, as it does for a user).
 */
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from './code-blocks.js';

export const root = new URL('../../', import.meta.url).pathname;
export const template = join(root, 'test/fixtures/doc-samples');
export const runDir = join(template, '.run');
const context = join(template, 'test/context.ts');

/** How a sample is run. */
export type SampleKind = 'node-test' | 'vitest' | 'mocha' | 'config' | 'sh';

export interface Sample {
  block: CodeBlock;
  kind: SampleKind;
  /** The file the sample is written to and run from, relative to its page's project (sh: none). */
  path: string | undefined;
  /** The file that is type-checked (ts only), relative to the page's project. */
  checkPath: string | undefined;
  /** The code as written to `path`: the sample, after an import of the context names it uses. */
  code: string;
}

const slug = (file: string) => basename(file, '.md').toLowerCase();

/** The page's project directory. */
export const projectOf = (block: CodeBlock) => join(runDir, slug(block.file));

/** Fresh projects, one per page, and the tsconfig that type-checks them all. */
export function createProjects(pages: readonly string[]): void {
  rmSync(runDir, { recursive: true, force: true });
  for (const page of pages) {
    for (const entry of readdirSync(template)) if (entry !== '.run') cpSync(join(template, entry), join(runDir, slug(page), entry), { recursive: true });
  }
  const tsconfig = {
    extends: relative(runDir, join(root, 'tsconfig.json')),
    // A sample may import a name it uses only as a type (from the context) without `import type`.
    compilerOptions: { noEmit: true, rootDir: '.', verbatimModuleSyntax: false },
    // Not the files named samples are written to as their page goes on: their .check.ts copies.
    include: ['*/samples/**/*.ts', '*/**/*.check.ts', '*/src/**/*.ts', '*/test/context.ts'],
    exclude: [],
  };
  writeFileSync(join(runDir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
}

/** The names test/context.ts exports. */
function contextExports(): Set<string> {
  const source = ts.createSourceFile(context, readFileSync(context, 'utf8'), ts.ScriptTarget.Latest);
  const names = new Set<string>();
  for (const statement of source.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.add(element.name.text);
    } else if (exported && ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
    } else if (exported && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement))) {
      if (statement.name) names.add(statement.name.text);
    }
  }
  return names;
}

const exportsOfContext = contextExports();

/** The context names `code` uses and does not declare itself. */
function contextNamesUsed(code: string): string[] {
  const source = ts.createSourceFile('sample.ts', code, ts.ScriptTarget.Latest, true);
  const declared = new Set<string>();
  const used = new Set<string>();
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) declared.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const { name, namedBindings } = statement.importClause;
      if (name) declared.add(name.text);
      if (namedBindings && ts.isNamespaceImport(namedBindings)) declared.add(namedBindings.name.text);
      if (namedBindings && ts.isNamedImports(namedBindings)) for (const element of namedBindings.elements) declared.add(element.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name) {
      declared.add(statement.name.text);
    }
  }
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node)) used.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...exportsOfContext].filter((name) => used.has(name) && !declared.has(name));
}

/** The modules `code` imports (`import … from`, `require()`). */
function modulesImported(code: string): Set<string> {
  const modules = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) modules.add(node.moduleSpecifier.text);
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) modules.add(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('sample.ts', code, ts.ScriptTarget.Latest, true));
  return modules;
}

/** `// test/notes.test.ts` on a sample's first line names the file it is. */
const NAMED = /^\/\/ ((?:[\w-]+\/)*[\w.-]+\.(?:ts|mts|js|mjs|cjs))\s*$/;

/** How `block` (a ts, js or sh block to run) is written and run. */
export function toSample(block: CodeBlock): Sample {
  if (block.language === 'sh') return { block, kind: 'sh', path: undefined, checkPath: undefined, code: block.code };
  const named = NAMED.exec(block.code.split('\n', 1)[0] ?? '')?.[1];
  const commonJs = block.language === 'js' && /\brequire\(/.test(block.code);
  const modules = modulesImported(block.code);
  if (modules.has('tandem/jest')) throw new Error(`${block.file}:${block.line}: Jest samples are not run yet; write the sample for node:test, Vitest or Mocha`);
  const kind: SampleKind =
    modules.has('vitest') || modules.has('tandem/vitest') ? 'vitest' : modules.has('tandem/mocha') ? 'mocha' : named && /^tandem\.config\./.test(basename(named)) ? 'config' : 'node-test';
  const extension = commonJs ? 'cjs' : block.language === 'js' ? 'js' : 'ts';
  const path = named ?? `samples/${slug(block.file)}-${block.line}.${kind === 'vitest' ? 'spec' : 'test'}.${extension}`;
  const names = contextNamesUsed(block.code);
  let prelude = '';
  if (names.length > 0) {
    let from = relative(dirname(join('/project', path)), '/project/test/context.js');
    if (!from.startsWith('.')) from = `./${from}`;
    prelude = commonJs ? `const { ${names.join(', ')} } = require('${from.replace(/\.js$/, '.ts')}');\n` : `import { ${names.join(', ')} } from '${from}';\n`;
  }
  const code = prelude + block.code + '\n';
  const checkPath = extension === 'ts' ? (named ? join(dirname(named), `${basename(named, '.ts')}.L${block.line}.check.ts`) : path) : undefined;
  return { block, kind, path, checkPath, code };
}
