// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The dependency direction (README.md, "Layout"), enforced: the ML core and the shared modules
 * never import `vscode`, Node built-ins or the host/CLI/webview layers, so the same code trains
 * in a webview, in Node and in a worker. Import cycles are caught by test/unit/importCycles.test.ts.
 */
const coreFolders = [
  'src/spec',
  'src/tasks',
  'src/engine',
  'src/explain',
  'src/protocol',
  'src/export',
];
const layerImports = ['**/host/**', '**/cli/**', '**/webview/**'];

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '.cache/**', '.rnnlab/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: coreFolders.map((folder) => `${folder}/**/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Only src/host may import vscode.' }],
          patterns: [
            {
              group: ['node:*'],
              message: 'The core runs in browsers too: no Node built-ins here.',
            },
            {
              group: layerImports,
              message: 'Core modules must not depend on host, cli or webview.',
            },
          ],
        },
      ],
      // No DOM either: the core runs in Node and in workers without a document.
      'no-restricted-globals': [
        'error',
        { name: 'document', message: 'No DOM in the core.' },
        { name: 'window', message: 'No DOM in the core.' },
        { name: 'navigator', message: 'No DOM in the core.' },
        { name: 'localStorage', message: 'No DOM in the core.' },
      ],
    },
  },
  {
    // Node-only code shared by the extension host and the CLI (run folders on disk).
    files: ['src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Shared with the CLI: no vscode here.' }],
          patterns: [
            { group: layerImports, message: 'src/node must not depend on host, cli or webview.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The CLI runs without VS Code.' }],
          patterns: [
            {
              group: ['**/host/**', '**/webview/**'],
              message: 'The CLI must not depend on host or webview.',
            },
          ],
        },
      ],
    },
  },
  {
    // The webview pages run in a browser (VS Code's webview, or a plain page in the browser
    // tests): DOM globals, no `vscode`, no Node built-ins, and no host or CLI code; they reach the
    // host only through src/protocol.
    files: ['webview/**/*.ts', 'test/browser/pages/**/*.ts'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        location: 'readonly',
        performance: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        requestAnimationFrame: 'readonly',
        cancelAnimationFrame: 'readonly',
        MessageChannel: 'readonly',
        ResizeObserver: 'readonly',
        HTMLElement: 'readonly',
        HTMLScriptElement: 'readonly',
        HTMLCanvasElement: 'readonly',
        Event: 'readonly',
        MessageEvent: 'readonly',
        URL: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
      },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Webview pages run without the vscode module.' }],
          patterns: [
            {
              group: ['node:*'],
              message: 'Webview pages run in a browser: no Node built-ins.',
            },
            {
              group: ['**/host/**', '**/cli/**'],
              message: 'Webview pages talk to the host through src/protocol only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'scripts/**', 'bench/**', 'test/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
