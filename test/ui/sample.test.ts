import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSidecar } from '../../src/core/sidecar';
import { repoRoot } from '../support/fixtures';
import { runCommand, startWorkbench, type Workbench } from '../support/workbench';
import { openInView } from './viewHelpers';

describe('UI: the sample article with its sidecar', function () {
  this.timeout(120000);
  let wb: Workbench;

  before(async () => {
    wb = await startWorkbench({ workspace: 'samples', viewport: { width: 1440, height: 900 } });
  });
  after(async () => { await wb?.stop(); });

  it('draws every annotation of the sidecar as a highlight, nested ones included, and lists them in the tree', async () => {
    const parsed = parseSidecar(fs.readFileSync(path.join(repoRoot(), 'samples', 'lavrov-kerry.txt.annotations.yaml'), 'utf8'));
    assert.ok(parsed.ok);
    const frame = await openInView(wb.page, 'lavrov-kerry.txt');
    const drawn = await frame.evaluate(() => {
      const registry = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights;
      const out: Record<string, string[]> = {};
      for (const [name, highlight] of registry) out[name] = [...highlight].map((r) => r.toString());
      return out;
    });
    const all = Object.values(drawn).flat();
    assert.equal(all.length, parsed.sidecar.annotations.length);
    assert.deepEqual(all.sort(), parsed.sidecar.annotations.map((a) => a.quote).sort());
    assert.ok(Object.keys(drawn).some((name) => /^hashiya-(actor|date)-0$/.test(name)));
    await runCommand(wb.page, 'Hashiya: Focus on Entities View');
    await wb.page.locator('.monaco-list-row[aria-label*="Actors"], .monaco-list-row:has-text("Actors")').first().waitFor({ timeout: 15000 });
    await wb.page.locator('.monaco-list-row', { hasText: 'سيرغي لافروف' }).first().click();
    await wb.page.waitForTimeout(400);
    const [box, rect] = await Promise.all([
      (await frame.frameElement()).boundingBox(),
      frame.evaluate(() => {
        const line = [...document.querySelectorAll('#article .line')].find((l) => l.textContent!.startsWith('وقال لافروف'))!;
        const node = line.firstChild as Text;
        const at = node.data.indexOf('جون كيري');
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 3);
        const r = range.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }),
    ]);
    await wb.page.mouse.move(box!.x + rect.x, box!.y + rect.y);
    await frame.locator('#hover').waitFor({ state: 'visible', timeout: 5000 });
    await wb.page.waitForTimeout(300);
    const shot = await wb.screenshot('sample-article-view');
    assert.ok(fs.statSync(shot).size > 10000);
  });
});
