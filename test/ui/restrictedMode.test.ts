import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startWorkbench, waitForFile, type Workbench } from '../support/workbench';
import { openInView, selectInView, sidecarOf } from './viewHelpers';

describe('UI: workspace trust — Hashiya in restricted mode', function () {
  this.timeout(120000);
  let wb: Workbench;

  after(async () => { await wb?.stop(); });

  const restricted = {
    workspaceTrust: true,
    userSettings: {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.emptyWindow': false,
    },
    viewport: { width: 1200, height: 800 },
  };

  it('the folder is untrusted, and Hashiya (which runs no code from the workspace) still annotates', async () => {
    wb = await startWorkbench({ workspace: 'test/fixtures/workspace', ...restricted });
    await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 20000 });
    const frame = await openInView(wb.page, 'bom.txt');
    await selectInView(frame, 'Thursday');
    await wb.page.keyboard.press('d');
    await waitForFile(path.join(wb.folder, 'bom.txt.annotations.yaml'));
    const sidecar = sidecarOf(wb.folder, 'bom.txt')!;
    assert.deepEqual(sidecar.annotations.map((a) => [a.start, a.end, a.quote]), [[83, 91, 'Thursday']]);
    await wb.stop();
  });

  it('ignores the folder\'s own sidecar template and author (restricted configurations); other settings of the folder apply', async () => {
    wb = await startWorkbench({ workspace: 'test/fixtures/restricted', ...restricted });
    await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 20000 });
    const frame = await openInView(wb.page, 'report.txt');
    assert.equal(await frame.evaluate(() => document.documentElement.style.getPropertyValue('--hashiya-font-size')), '20px',
      'hashiya.view.fontSize of the folder is used');
    await selectInView(frame, 'Thursday');
    await wb.page.keyboard.press('d');
    const written = await waitForFile(path.join(wb.folder, 'report.txt.annotations.yaml'));
    assert.ok(!fs.existsSync(path.join(wb.folder, 'notes')), 'nothing was written where the folder\'s template points');
    const sidecar = sidecarOf(wb.folder, 'report.txt')!;
    assert.deepEqual(sidecar.annotations.map((a) => a.quote), ['Thursday']);
    assert.notEqual(sidecar.annotations[0].author, 'impostor', 'the folder cannot say who annotates');
    assert.doesNotMatch(written, /impostor/);
  });
});
