// Lint here guards the architecture, not formatting: folder boundaries and import cycles.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const uiAndNodes = [
  { group: ['svelte', 'svelte/*', 'rete-svelte-plugin', 'rete-svelte-plugin/*'], message: 'src/core is framework-free: no Svelte.' },
  { group: ['**/ui/**', '**/ui', '**/nodes/**', '**/nodes'], message: 'src/core never imports src/ui or src/nodes (they depend on core, not the reverse).' },
];
const tfjs = { group: ['@tensorflow/*'], allowTypeImports: true, message: 'tfjs is used only in src/core/runtime and src/core/scheduler.' };
const idb = { group: ['idb', 'idb/*'], message: 'idb is used only in src/core/storage.' };
const tools = { group: ['**/tools/**', '**/tools'], message: 'The product (src/) never imports tools/: the eval and benchmark pages build on it, not the reverse.' };
// The UI knows node types only through the registration lists (issue 22): each node's UI is declared
// beside its definition (src/nodes/*.ui.ts) and handed over at the composition root; what else a panel
// needs comes through that entry, the app object (the examples list) or the nodes' host channels.
const nodeInternals = {
  group: ['**/nodes/**', '!**/nodes/index', '!**/nodes/index.ts', '!**/nodes/ui', '!**/nodes/ui.ts'],
  message: 'src/ui imports only src/core and the node lists (src/nodes/index.ts, src/nodes/ui.ts): declare what a panel needs in the node\'s .ui.ts entry.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'tools/*/dist/**', 'node_modules/**', 'bench/results/**', 'test-results/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle parses each imported file itself: it needs to know which parser reads .ts.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tools] }] },
  },
  {
    files: ['src/ui/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tools, nodeInternals] }] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...uiAndNodes, tfjs, idb, tools] }] },
  },
  {
    files: ['src/core/runtime/**/*.ts', 'src/core/scheduler/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...uiAndNodes, idb, tools] }] },
  },
  {
    files: ['src/core/storage/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...uiAndNodes, tfjs, tools] }] },
  },
  {
    files: ['plugins/**/*.ts'],
    ignores: ['plugins/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          {
            group: ['**/src/**', 'nfp-studio/*', '!nfp-studio/plugin-api', '!nfp-studio/training-kit'],
            message: 'Plugins import only the public API by its package names, nfp-studio/plugin-api and nfp-studio/training-kit (package.json "exports"), as a plugin in its own repository does.',
          },
          { group: ['@tensorflow/*', 'idb', 'svelte', 'svelte/*'], message: 'Plugins get tf from the process context and use only the public API.' },
        ],
      }],
    },
  },
);
