import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.bench/', '.e2e/', '.scratch/', 'out/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', Buffer: 'readonly', URL: 'readonly', __dirname: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['vscode', 'vscode-languageserver', 'vscode-languageserver/*'], message: 'The engine is transport-free: no vscode and no LSP connection.' }] }],
    },
  },
  {
    // The restriction above is the engine's invariant; the shells may import what they need.
    files: ['client/**', 'server/src/lsp/**', 'server/src/server.ts', 'test/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
