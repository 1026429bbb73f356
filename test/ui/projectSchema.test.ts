import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { parseProjectSchema } from '../../src/core/format/projectSchemaFile';
import { parseSidecar } from '../../src/core/format/sidecar';
import { startWorkbench, waitForFile, type Workbench } from '../support/workbench';
import { fixturePath } from '../support/fixtures';
import { openInView, selectInView } from './viewHelpers';

const TEXT = 'قال وزير الخارجية سيرغي لافروف في موسكو إن المؤتمر سيعقد في نيويورك يوم الثلاثاء.\n';

describe('UI: a fourth label from .hashiya/schema.yaml in the article view', function () {
  this.timeout(120000);
  let wb: Workbench;
  let frame: Frame;
  let source: string;
  let seed: string;

  before(async () => {
    // a workspace of its own: the schema is there before the extension starts
    seed = fs.mkdtempSync(path.join(os.tmpdir(), 'hashiya-ui-schema-'));
    source = fs.readFileSync(fixturePath('schema', 'places.yaml'), 'utf8');
    fs.mkdirSync(path.join(seed, '.hashiya'));
    fs.writeFileSync(path.join(seed, '.hashiya', 'schema.yaml'), source);
    fs.writeFileSync(path.join(seed, 'places.txt'), TEXT);
    wb = await startWorkbench({ workspace: seed, viewport: { width: 1400, height: 900 } });
    wb.page.on('dialog', (d) => { throw new Error(`unexpected dialog: ${d.message()}`); });
  });
  after(async () => {
    await wb?.stop();
    fs.rmSync(seed, { recursive: true, force: true });
  });

  it('the toolbar offers the schema\'s labels with their keys, in schema order', async () => {
    frame = await openInView(wb.page, 'places.txt');
    const buttons = await frame.locator('#toolbar button.label-button').evaluateAll((els) => els.map((b) => [
      (b as HTMLElement).dataset.label, b.querySelector('kbd')?.textContent, b.querySelector('.name')?.textContent?.trim(),
    ]));
    assert.deepEqual(buttons, [['claim', 'C', 'Claim'], ['actor', 'A', 'Actor'], ['date', 'D', 'Date'], ['place', 'W', 'Place']]);
  });

  it('its key marks the selection, in its own colour, and the sidecar holds it', async () => {
    await selectInView(frame, 'موسكو');
    await wb.page.keyboard.press('w');
    const parsed = parseProjectSchema(source);
    assert.ok(parsed.ok);
    const file = path.join(wb.folder, 'places.txt.annotations.yaml');
    const content = await waitForFile(file, (c) => {
      const p = parseSidecar(c, parsed.schema);
      return p.ok && p.sidecar.annotations.some((a) => a.label === 'place');
    });
    const sidecar = parseSidecar(content, parsed.schema);
    assert.ok(sidecar.ok);
    assert.deepEqual(sidecar.sidecar.annotations.map((a) => [a.label, a.quote, a.schemaVersion]), [['place', 'موسكو', 2]]);
    const painted = await frame.waitForFunction(() => {
      const registry = (CSS as unknown as { highlights: Map<string, { size: number }> }).highlights;
      return registry.get('hashiya-place-0')?.size === 1;
    });
    assert.ok(painted);
    // its colour comes from the schema (dark theme by default: #ce93d8)
    const border = await frame.evaluate(() => getComputedStyle(document.body).getPropertyValue('--place-border').trim());
    assert.match(border, /^#(ce93d8|8e24aa|ff80ff)$/);
    const count = await frame.locator('#toolbar button.label-button.label-place .count').textContent();
    assert.equal(count?.trim(), '1');
    await wb.screenshot('schema-place-marked');
  });

  it('a notice takes the place of the key hints in the toolbar and covers no line of the article', async () => {
    await selectInView(frame, 'موسكو', { collapsed: true });
    await wb.page.keyboard.press('w');
    const box = frame.locator('#notice');
    await box.waitFor({ state: 'visible' });
    assert.match(await box.innerText(), /Select some text first, then press C \(Claim\), A \(Actor\), D \(Date\), W \(Place\)/);
    const placed = await frame.evaluate(() => {
      const notice = document.getElementById('notice')!;
      const r = notice.getBoundingClientRect();
      const covered = [...document.querySelectorAll('#article .line')].some((line) => {
        const l = line.getBoundingClientRect();
        return l.bottom > r.top && l.top < r.bottom && l.right > r.left && l.left < r.right;
      });
      return { inToolbar: notice.parentElement?.id === 'toolbar', covered, hints: document.querySelector('#toolbar .hints') !== null };
    });
    assert.deepEqual(placed, { inToolbar: true, covered: false, hints: false });
    await box.waitFor({ state: 'hidden', timeout: 15000 });
    assert.equal(await frame.locator('#toolbar .hints').count(), 1, 'the hints come back');
  });

  it('K opens the codebook (the label at the selection first) and closes it', async () => {
    await selectInView(frame, 'موسكو', { from: 1, to: 2 });
    await wb.page.keyboard.press('k');
    const box = frame.locator('#codebook');
    await box.waitFor({ state: 'visible' });
    const first = await box.locator('section.codebook-label').first().getAttribute('data-label');
    assert.equal(first, 'place');
    assert.match(await box.textContent() ?? '', /A named place where something in the news happens/);
    await wb.screenshot('schema-codebook');
    await wb.page.keyboard.press('k');
    await box.waitFor({ state: 'hidden' });
  });
});
