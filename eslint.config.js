// Type-aware lint for every layer (CONTRIBUTING.md "Gates"); formatting is Prettier's job.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'renderer/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      // A variable that closures read before its one assignment (bound late) cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Services are closures returned by factories, never classes with `this`: passing `service.status`
      // around is the house style (docs/architecture.md "Modules"), so the class-method check does not apply.
      '@typescript-eslint/unbound-method': 'off',
      // Implementations of async interfaces (SecretStore, acme-client's callbacks) may answer at once:
      // the interface decides the signature, not the body.
      '@typescript-eslint/require-await': 'off',
      // Small pieces (CONTRIBUTING.md "Code habits"): split by concern before a file or a function grows past these.
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  // Generated from the route descriptions by `npm run api:generate` (docs/api.md), never edited by hand.
  { files: ['server/contract/openapi.ts'], rules: { 'max-lines': 'off' } },
  {
    // Test doubles implement async interfaces without awaiting anything, and tests and benchmarks read
    // untyped JSON and WebSocket data whose shape the assertions themselves check.
    files: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**', 'e2e/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // React ignores what an event handler returns; handlers that await the store are the norm.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  { files: ['**/*.js', '**/*.cjs', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // The API reference page's start script runs in the browser (served by the station, docs/api.md).
  { files: ['resources/api-reference/*.js'], languageOptions: { globals: { ...globals.browser } } },
  prettier,
)
