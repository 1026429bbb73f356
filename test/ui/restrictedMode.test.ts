import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { startWorkbench, waitForFile, type Workbench } from '../support/workbench';
import { openInView, selectInView, sidecarOf } from './viewHelpers';

describe('UI: workspace trust — Hashiya in restricted mode', function () {
  this.timeout(120000);
  let wb: Workbench;

  before(async () => {
    wb = await startWorkbench({
      workspace: 'test/fixtures/workspace',
      workspaceTrust: true,
      userSettings: {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.emptyWindow': false,
      },
      viewport: { width: 1200, height: 800 },
    });
  });
  after(async () => { await wb?.stop(); });

  it('the folder is untrusted, and Hashiya (which runs no code from the workspace) still annotates', async () => {
    await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 20000 });
    const frame = await openInView(wb.page, 'bom.txt');
    await selectInView(frame, 'Thursday');
    await wb.page.keyboard.press('d');
    await waitForFile(path.join(wb.folder, 'bom.txt.annotations.yaml'));
    const sidecar = sidecarOf(wb.folder, 'bom.txt')!;
    assert.deepEqual(sidecar.annotations.map((a) => [a.start, a.end, a.quote]), [[83, 91, 'Thursday']]);
  });
});
