import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSidecar } from '../../src/core/format/sidecar';
import { repoRoot } from '../support/fixtures';
import { startWorkbench, waitForFile, type Workbench } from '../support/workbench';
import { openInView, selectInView } from './viewHelpers';

/** The packaged extension: HASHIYA_VSIX, or a fresh `npm run package`. */
function packagedVsix(): string {
  if (process.env.HASHIYA_VSIX) return path.resolve(process.env.HASHIYA_VSIX);
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot(), stdio: 'pipe' });
  return path.join(repoRoot(), 'hashiya.vsix');
}

describe('UI: the packaged .vsix installed into code-server', function () {
  this.timeout(180000);
  let wb: Workbench;

  before(async () => {
    const vsix = packagedVsix();
    const listing = execFileSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: repoRoot(), encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const bundle of ['dist/extension.js', 'dist/web.js', 'dist/webview.js']) assert.ok(listing.includes(bundle), listing.join(', '));
    assert.ok(!listing.some((f) => /^(src|test|node_modules|scripts|samples|out)\//.test(f)), `package holds sources or tests: ${listing.join(', ')}`);
    wb = await startWorkbench({ workspace: 'test/fixtures/workspace', vsix, viewport: { width: 1200, height: 800 } });
  });
  after(async () => { await wb?.stop(); });

  it('opens an article in the view and marks a date after an emoji with the right code points (B04)', async () => {
    const frame = await openInView(wb.page, 'emoji.txt');
    await selectInView(frame, 'Tuesday', { backwards: true });
    await wb.page.keyboard.press('d');
    const content = await waitForFile(path.join(wb.folder, 'emoji.txt.annotations.yaml'));
    const parsed = parseSidecar(content);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.sidecar.annotations.map((a) => [a.label, a.start, a.end, a.quote]), [['date', 56, 63, 'Tuesday']]);
    assert.ok(fs.existsSync(path.join(wb.folder, 'emoji.txt')));
  });

  it('runs the hashiya command line from the installed extension folder', () => {
    const installed = fs.readdirSync(wb.server.extensionsDir).find((d) => d.startsWith('hashiya.hashiya-'));
    assert.ok(installed, `no installed Hashiya in ${fs.readdirSync(wb.server.extensionsDir).join(', ')}`);
    const cli = path.join(wb.server.extensionsDir, installed, 'bin', 'hashiya.js');
    const run = spawnSync(process.execPath, [cli, 'check', '.'], { cwd: wb.folder, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^broken\.txt\.annotations\.yaml:7:12: annotations\.0\.label must be one of/m);
    assert.match(run.stdout, /checked \d+ sidecars?: \d+ valid, 1 with problems/);
  });
});
