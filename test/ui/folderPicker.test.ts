// Picking one folder per annotator in the browser's workbench, whose built-in folder dialog picks
// one folder at a time: the workspace's folders are ticked in a quick pick of many (issue 10).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/fixtures';
import { runCommand, startWorkbench, type Workbench } from '../support/workbench';

describe('UI: picking the annotators\' folders in the browser (issue 10)', function () {
  this.timeout(180000);
  let wb: Workbench;
  let source: string;

  before(async () => {
    source = fs.mkdtempSync(path.join(os.tmpdir(), 'hashiya-folders-'));
    fs.cpSync(path.join(repoRoot(), 'samples', 'team'), path.join(source, 'team'), { recursive: true });
    wb = await startWorkbench({ workspace: source, viewport: { width: 1440, height: 900 } });
  });
  after(async () => {
    await wb?.stop();
    fs.rmSync(source, { recursive: true, force: true });
  });

  it('Show Agreement of Annotators…: tick team/alice and team/bob in the quick pick, get the report', async () => {
    await runCommand(wb.page, 'Hashiya: Show Agreement of Annotators…');
    const rows = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: 20000 });
    const labels = await rows.allTextContents();
    assert.ok(labels.some((l) => l.includes('team/alice')) && labels.some((l) => l.includes('team/bob')),
      JSON.stringify(labels));
    assert.ok(labels.some((l) => l.includes('outside the workspace')), JSON.stringify(labels));
    // a click on a row of a quick pick of many ticks it
    for (const name of ['team/alice', 'team/bob']) await rows.filter({ hasText: name }).first().click();
    await wb.screenshot('folder-picker-ticked');
    await wb.page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).first().click();
    // the report opens in an editor: the pair and the table of labels
    const editor = wb.page.locator('.editor-instance .view-lines');
    await wb.page.waitForFunction(() => /\(A\)/.test(document.querySelector('.editor-instance .view-lines')
      ?.textContent ?? ''), undefined, { timeout: 30000 }).catch(async (e) => {
      await wb.screenshot('folder-picker-failed');
      throw e;
    });
    const text = (await editor.first().textContent()) ?? '';
    assert.match(text, /team\/alice\s\(A\)\sand\steam\/bob\s\(B\)/, text);
    await wb.screenshot('folder-picker-report');
  });
});
