import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // ddocs/**: CouchDB sources are bare function expressions (not parseable as a program); their tests check them (ES5, helpers only)
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'ddocs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
