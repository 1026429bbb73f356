// The test runner module that VS Code loads inside the extension host (extensionTestsPath).
// Compiled to out/test/integration/index.js; it runs every out/test/integration/**/*.test.js with
// mocha (bdd: describe/it) and resolves when all pass. The same module works under
// @vscode/test-electron / @vscode/test-cli on a desktop and under scripts/runIntegrationTests.mjs
// (code-server + Chromium), which reads the closing `HASHIYA_RESULT {...}` line it logs.
//
// Environment (read in the extension host, which inherits code-server's environment):
//   HASHIYA_GREP   only run tests whose full title matches this regular expression
//   HASHIYA_TEST_TIMEOUT   per-test timeout in ms (default 20000)
import * as fs from 'node:fs';
import * as path from 'node:path';
// External in the bundle (scripts/build.mjs), so this is a runtime require of node_modules/mocha.
import Mocha from 'mocha';

function testFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...testFilesUnder(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

export interface RunResult {
  passes: number;
  failures: number;
  pending: number;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: Number(process.env.HASHIYA_TEST_TIMEOUT) || 20000,
    color: false,
    reporter: 'spec',
  });
  // The spec reporter decides on colours from the terminal too; there is none here.
  (Mocha.reporters.Base as unknown as { useColors: boolean }).useColors = false;
  if (process.env.HASHIYA_GREP) mocha.grep(new RegExp(process.env.HASHIYA_GREP));

  const files = testFilesUnder(__dirname);
  for (const file of files) mocha.addFile(file);
  if (files.length === 0) console.log(`[integration] no *.test.js files under ${__dirname}`);

  const result = await new Promise<RunResult>((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        const stats = runner.stats ?? { passes: 0, failures: runner.failures, pending: 0 };
        resolve({ passes: stats.passes, failures: runner.failures, pending: stats.pending });
      });
    } catch (err) {
      // A test file that throws while loading ends up here.
      reject(err);
    }
  }).catch((err: unknown) => {
    console.error(err);
    console.log(`HASHIYA_RESULT ${JSON.stringify({ passes: 0, failures: 1, pending: 0, error: String(err) })}`);
    throw err;
  });
  console.log(`HASHIYA_RESULT ${JSON.stringify(result)}`);
  if (result.failures > 0) {
    throw new Error(`${result.failures} integration test${result.failures === 1 ? '' : 's'} failed`);
  }
}
