// One lint configuration for the monorepo: TypeScript rules, Nx module boundaries by tag, no import
// cycles, no focused tests, the API's SQL only in its repositories.
import path from 'node:path';
import nx from '@nx/eslint-plugin';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// Every project's TypeScript configuration, so that import-x resolves imports as the compiler does
// (`.js` suffixes of the ESM API mapped to `.ts`, `@equity/shared` to its sources).
const TSCONFIGS = ['apps/api/tsconfig.spec.json', 'apps/web/tsconfig.json', 'apps/web-e2e/tsconfig.json', 'libs/shared/tsconfig.spec.json'].map((p) =>
  path.join(import.meta.dirname, p),
);

// Focused or skipped tests (every project). Kept in a constant: a later block that sets
// no-restricted-syntax for some files replaces these options, so it repeats them.
const NO_FOCUSED_TESTS = [
  { selector: "CallExpression[callee.object.name=/^(describe|it|test)$/][callee.property.name=/^(only|skip)$/]", message: 'Focused or skipped tests must not be committed.' },
  { selector: "CallExpression[callee.name=/^(fdescribe|fit|xdescribe|xit|xtest)$/]", message: 'Focused or skipped tests must not be committed.' },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/coverage/**', 'tmp/**', '.data/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx, 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: TSCONFIGS, noWarnOnMultipleProjects: true })],
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
          ],
        },
      ],
      // A module must not import itself back through others (type-only imports do not count: they
      // vanish at run time). Break a cycle by moving the shared piece to a module both import.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', ...NO_FOCUSED_TESTS],
    },
  },
  // Issue 16: the API asks PostgreSQL (`.query(`) only in its feature repositories, whose methods
  // type the rows they return; infrastructure (db/: migrations, leadership, the embedded server,
  // prepared statements; tools/) and unit specs may too. The API's tests (apps/api/test) are not
  // covered: they read the database to check it.
  {
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/**/*.repository.ts', 'apps/api/src/db/**', 'apps/api/src/tools/**', 'apps/api/src/**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...NO_FOCUSED_TESTS,
        { selector: "CallExpression:matches([callee.property.name='query'], [callee.property.value='query'])", message: 'SQL belongs in a feature repository (*.repository.ts) with typed rows (issue 16).' },
      ],
    },
  },
);
