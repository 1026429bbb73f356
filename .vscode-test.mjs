// @vscode/test-cli configuration for a desktop VS Code (`npx vscode-test` where VS Code can be
// downloaded). On machines without that download, `npm test` runs the same suite in code-server
// (scripts/runIntegrationTests.mjs). Build first: `npm run build`.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const workspace = mkdtempSync(join(tmpdir(), 'hashiya-ws-'));
cpSync('test/fixtures/workspace', workspace, { recursive: true });

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  workspaceFolder: workspace,
  version: 'stable',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'bdd', timeout: 30000, color: true },
});
