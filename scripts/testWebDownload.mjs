// The web tests (test/web) under @vscode/test-web, for machines that can download: it fetches a
// VS Code for the web build and a Playwright browser, serves a temporary copy of the fixture
// workspace and runs out/test/web/index.js in the web worker extension host, as vscode.dev would.
// On machines without internet (this project's CI), `npm test` runs the same tests in
// code-server's web worker extension host instead (scripts/runIntegrationTests.mjs --web).
//
//   npm run test:web-download [-- --browser chromium|firefox|webkit]
//
// Needs: `node scripts/build.mjs` first; `npx playwright install <browser>` once.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { removeTemp, repoRoot, tempCopy } from './codeServer.mjs';

/** The @vscode/test-web release these tests were written against. */
const TEST_WEB = '@vscode/test-web@0.0.81';

const { values } = parseArgs({ options: { browser: { type: 'string', default: 'chromium' } } });
const runner = path.join(repoRoot, 'out', 'test', 'web', 'index.js');
if (!existsSync(runner)) {
  console.error(`No web test runner at ${path.relative(process.cwd(), runner)}: run node scripts/build.mjs first.`);
  process.exit(1);
}
// the tests write sidecars: never into the fixtures themselves
const folder = tempCopy(path.join(repoRoot, 'test', 'fixtures', 'workspace'), 'hashiya-web-ws-');
const result = spawnSync(
  'npx',
  [
    '--yes',
    TEST_WEB,
    `--browserType=${values.browser}`,
    `--extensionDevelopmentPath=${repoRoot}`,
    `--extensionTestsPath=${runner}`,
    '--headless',
    folder,
  ],
  { stdio: 'inherit' },
);
removeTemp(folder);
process.exit(result.status ?? 1);
