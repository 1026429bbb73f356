import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSidecar } from '../../src/core/format/sidecar';
import { paletteTitles, startWorkbench, waitForFile, type Workbench } from '../support/workbench';
import { openInView, selectInView } from './viewHelpers';

// Hashiya as vscode.dev runs it: the browser bundle (dist/web.js) in the web worker extension host
// (the user setting remote.extensionKind moves it there in code-server; docs/browser-build.md),
// driven through the real workbench in Chromium. The web tests (test/web) check the API side.

describe('UI: the browser build in the web worker extension host (as on vscode.dev)', function () {
  this.timeout(120000);
  let wb: Workbench;

  before(async () => {
    wb = await startWorkbench({
      workspace: 'test/fixtures/workspace',
      viewport: { width: 1300, height: 850 },
      userSettings: { 'remote.extensionKind': { 'hashiya.hashiya': ['web'] } },
    });
  });
  after(async () => {
    await wb?.stop();
  });

  it('the view opens in the web worker host; keys mark Arabic and a date after emoji with code points', async () => {
    const frame = await openInView(wb.page, 'news.txt');
    // Hashiya runs in the web worker (its browser bundle), not in the Node extension host
    assert.ok(!/_doActivateExtension hashiya\.hashiya,/i.test(wb.extensionHostLog()), 'activated in the Node host');
    await selectInView(frame, 'سيرغي لافروف', { backwards: true });
    await wb.page.keyboard.press('a');
    const content = await waitForFile(path.join(wb.folder, 'news.txt.annotations.yaml'));
    const parsed = parseSidecar(content);
    assert.ok(parsed.ok, content);
    const text = fs.readFileSync(path.join(wb.folder, 'news.txt'), 'utf8');
    const [actor] = parsed.sidecar.annotations;
    assert.deepEqual([actor.label, actor.quote], ['actor', 'سيرغي لافروف']);
    assert.equal([...text].slice(actor.start, actor.end).join(''), actor.quote, 'code points');

    const emoji = await openInView(wb.page, 'emoji.txt');
    await selectInView(emoji, 'Tuesday');
    await wb.page.keyboard.press('d');
    const dated = parseSidecar(await waitForFile(path.join(wb.folder, 'emoji.txt.annotations.yaml')));
    assert.ok(dated.ok);
    assert.deepEqual(
      dated.sidecar.annotations.map((a) => [a.label, a.start, a.end, a.quote]),
      [['date', 56, 63, 'Tuesday']],
    );
    await wb.screenshot('web-host-view');
    assert.ok(!/_doActivateExtension hashiya\.hashiya,/i.test(wb.extensionHostLog()), 'activated in the Node host');
  });

  it('the palette offers the Set commands but not git merging (no program runs in the web)', async () => {
    // the list is there once the commands of Hashiya that can run here are listed
    const rows = await paletteTitles(wb.page, 'Hashiya: Set', 'Hashiya: Set Publication Date of Article…');
    assert.ok(rows.some((r) => /Set Value of Date/.test(r)), rows.join(' | '));
    assert.ok(!rows.some((r) => /Git Merging/.test(r)), rows.join(' | '));
  });
});
