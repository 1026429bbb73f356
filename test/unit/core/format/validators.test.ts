import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../../../support/fixtures';

describe('precompiled schema validators', () => {
  it('are what scripts/compileSchemas.mjs makes of schemas/ today (run npm run schemas after editing one)', function () {
    this.timeout(60_000);
    const run = spawnSync(process.execPath, [path.join(repoRoot(), 'scripts', 'compileSchemas.mjs'), '--check'],
      { cwd: repoRoot(), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });
});
