// The test runner module that VS Code loads inside the web worker extension host (extensionTestsPath
// of scripts/runIntegrationTests.mjs --web). Bundled for the browser with its tests
// (scripts/build.mjs): mocha's browser build, no Node built-in. It logs a closing
// `HASHIYA_RESULT {...}` line as the Node runner (test/integration/index.ts) does.
import 'mocha/mocha.js';

declare const mocha: {
  setup(options: { ui: string; reporter: string; color: boolean; timeout: number }): void;
  run(done: (failures: number) => void): { stats?: { passes: number; pending: number } };
};

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    mocha.setup({ ui: 'bdd', reporter: 'spec', color: false, timeout: 20000 });
    // no require.context in esbuild: each test module registers its suites when required here,
    // after setup defined describe / it
    require('./webHost.test');
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats ?? { passes: 0, pending: 0 };
        console.log(`HASHIYA_RESULT ${JSON.stringify({ passes: stats.passes, failures, pending: stats.pending })}`);
        if (failures > 0) reject(new Error(`${failures} web test${failures === 1 ? '' : 's'} failed`));
        else resolve();
      });
    } catch (err) {
      console.log(`HASHIYA_RESULT ${JSON.stringify({ passes: 0, failures: 1, pending: 0, error: String(err) })}`);
      reject(err);
    }
  });
}
