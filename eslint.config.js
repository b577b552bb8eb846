// ESLint (flat config): typescript-eslint's recommended rules, the React hooks rules, and the
// project's boundaries (STYLE.md): shared/ imports nothing of ours, the web app never imports
// the server, web features do not import each other, and only server/config.ts reads
// process.env. Formatting is Prettier's job (.prettierrc.json, checked by `npm run validate`).
import fs from 'node:fs'
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Every folder under web/src/features is a feature (read here, so a new one is covered at once).
/** shared/ is imported through its alias, never by a relative path (tsconfig.json "paths"). */
const SHARED_BY_ALIAS = { regex: '^(\\.\\./)+shared/', message: 'Import shared/ as @shared/… (tsconfig.json paths), not by a relative path.' }

const WEB_FEATURES = fs
  .readdirSync(new URL('./web/src/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Settings are read once, in server/config.ts (STYLE.md §6).' }],
      'no-restricted-imports': ['error', { patterns: [SHARED_BY_ALIAS] }],
    },
  },
  {
    // Entry points and tools that legitimately read the environment.
    files: ['server/config.ts', 'server/cli/**', 'bench/**', 'test/**', 'vite.config.ts', 'vitest.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**', '**/web/**', '**/db/**', '**/test/**', '@shared/*'], message: 'shared/ is pure: it imports nothing of ours (STYLE.md §3), and its own files by relative path.' },
          ],
        },
      ],
    },
  },
  {
    files: ['web/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The two classic hooks rules. The plugin's newer React Compiler rules (refs read in
      // render, setState in effects) target code compiled by React Compiler, which we do not use;
      // the "latest value in a ref" idiom they flag is deliberate here.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '**/db/**'], message: 'The web app never imports server or database code.' }, SHARED_BY_ALIAS] }],
    },
  },
  ...WEB_FEATURES.map((feature) => ({
    files: [`web/src/features/${feature}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**', '**/db/**'], message: 'The web app never imports server or database code.' },
            SHARED_BY_ALIAS,
            // Relative imports name another feature without "features/" (`../../history/…` from
            // a sub-folder), so each depth is listed; web/src has no other folder with a feature's name.
            {
              group: WEB_FEATURES.filter((f) => f !== feature).flatMap((f) => [
                `**/features/${f}`,
                `**/features/${f}/**`,
                ...['../', '../../', '../../../'].flatMap((up) => [`${up}${f}`, `${up}${f}/**`]),
              ]),
              message: 'Features do not import each other; share through web/src/components or web/src/lib.',
            },
          ],
        },
      ],
    },
  })),
)
