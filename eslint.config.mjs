import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'examples/**/node_modules/**', 'examples/**/dist/**', '**/*.d.ts', 'templates/**', '.infra-tmp/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // drivers are loaded lazily with a typed require() so each command pays only for what it uses
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
      // the CommonJS build reads exported constants as `exports.NAME`: a local `exports` silently makes them undefined
      'no-restricted-syntax': [
        'error',
        {
          selector: "VariableDeclarator > Identifier[name='exports']",
          message: 'Name it `exported`: a local `exports` shadows the module object in the CommonJS build.',
        },
        {
          selector: ":function > Identifier.params[name='exports']",
          message: 'Name it `exported`: a parameter `exports` shadows the module object in the CommonJS build.',
        },
      ],
    },
  },
  {
    files: ['**/*.cjs', '**/*.mjs', 'bin/**/*.js', 'scripts/**/*.js'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly' },
    },
  },
)
