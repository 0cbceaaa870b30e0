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

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/results/**', 'test-results/**'] },
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
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...uiAndNodes, tfjs, idb] }] },
  },
  {
    files: ['src/core/runtime/**/*.ts', 'src/core/scheduler/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...uiAndNodes, idb] }] },
  },
  {
    files: ['src/core/storage/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...uiAndNodes, tfjs] }] },
  },
  {
    files: ['plugins/**/*.ts'],
    ignores: ['plugins/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/src/**', '!**/src/core', '!**/src/core/index', '!**/src/core/index.ts'], message: 'Plugins import only the public API: src/core/index.ts.' },
          { group: ['@tensorflow/*', 'idb', 'svelte', 'svelte/*'], message: 'Plugins get tf from the process context and use only the public API.' },
        ],
      }],
    },
  },
);
