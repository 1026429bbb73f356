// Lint: the layering of the code (core, shared, webview, node, cli, extension) as rules, so that it cannot erode.
// core: the model, no VS Code, DOM or Node built-ins; shared: messages shared by host and view;
// webview: the view, no extension or CLI code; no import cycles anywhere (type imports aside).
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

// Bare built-in names as exact paths (a pattern 'util' would also match a folder such as core/util).
const BARE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'crypto', 'util', 'stream', 'events', 'url', 'buffer'];
const builtinPaths = (message) => BARE_BUILTINS.map((name) => ({ name, message }));

const BROWSER_ENTRY =
  'the extension also runs in the web worker host (vscode.dev): Node goes through the platform seam (src/extension/platform)';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 2022, sourceType: 'module' } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.json'] } }, 'import-x/extensions': ['.ts', '.js'] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'max-lines': ['warn', { max: 500, skipBlankLines: false, skipComments: false }],
      // long string literals stay whole (the l10n extractor and grep need them on one line)
      'max-len': ['error', {
        code: 120, ignoreStrings: true, ignoreUrls: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true,
      }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'core and shared run without VS Code (CLI, webview, browser)' },
          ...builtinPaths('core and shared run without Node built-ins (webview, browser)'),
        ],
        patterns: [
          { group: ['node:*'], message: 'core and shared run without Node built-ins (webview, browser)' },
          { group: ['**/extension/**', '**/cli/**', '**/webview/**'], message: 'core and shared import no outer layer' },
        ],
      }],
      'no-restricted-globals': ['error', 'document', 'window', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'the webview has no VS Code API but acquireVsCodeApi' },
          ...builtinPaths('the webview runs in a browser'),
        ],
        patterns: [
          { group: ['node:*'], message: 'the webview runs in a browser' },
          { group: ['**/extension/**', '**/cli/**'], message: 'the webview imports no extension or CLI code' },
        ],
      }],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: builtinPaths(BROWSER_ENTRY),
        patterns: [
          { group: ['**/cli/**', '**/webview/**'], message: 'the extension imports no CLI or webview code (shared logic belongs in core)' },
          { group: ['node:*', '**/node/**'], message: BROWSER_ENTRY },
        ],
      }],
      'no-restricted-globals': ['error', 'process', 'Buffer', '__dirname'],
    },
  },
  {
    // the Node host's side of the platform seam (src/extension/platform/platform.ts), and what only it reaches
    files: ['src/extension/platform/nodePlatform.ts', 'src/extension/files/gitMerging.ts', 'src/extension/commands/gitMergingCommand.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/cli/**', '**/webview/**'], message: 'the extension imports no CLI or webview code (shared logic belongs in core)' }],
      }],
      'no-restricted-globals': 'off',
    },
  },
);
