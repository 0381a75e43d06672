import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['.output', '.wxt', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['warn', { allow: ['warn', 'error'] }],
    },
  },
  // The pure core: lib/ may not reach the browser, IndexedDB or the UI library directly.
  // Type-only imports of idb are allowed: a repository describes the handle it is given.
  {
    files: ['lib/**/*.ts', 'lib/**/*.tsx'],
    ignores: [
      'lib/db/**', // the IndexedDB edge: schema, migrations, open
      '**/*.test.ts', // tests drive the edges with fakeBrowser and fake-indexeddb
      'lib/backup/test-fixtures.ts', // test data builder over fakeBrowser
      // Browser edges, each a small file behind an interface the services take:
      'lib/settings/store.ts', // storage.local for settings (background stream)
      'lib/messaging/client.ts', // runtime.sendMessage (background stream)
      'lib/llm/host-permission.ts', // permissions.request for an endpoint's origin
      'lib/backup/export.ts', // reads storage.local for the backup file (security stream)
      'lib/companion/browser-ports.ts', // storage.local as the KeyValueArea of the services
      'lib/context/browser-reading.ts', // offscreen, scripting, menus and commands for page reading
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'wxt/browser',
              message:
                'lib/ is pure: take a small interface (lib/companion/ports.ts) and pass the browser API in from an edge file.',
            },
            {
              name: 'idb',
              allowTypeImports: true,
              message: 'Open IndexedDB only in lib/db/; services receive the database.',
            },
          ],
          patterns: [{ group: ['preact', 'preact/*'], message: 'lib/ is pure: no UI library.' }],
        },
      ],
    },
  },
  // Components render and call services: no database access of their own (record types are fine).
  {
    files: ['components/**/*.ts', 'components/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/lib/db/*', '!**/lib/db/records'],
              allowTypeImports: true,
              message: 'Components do not open IndexedDB: call a service from lib/ instead.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'test/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-console': 'off' },
  },
);
