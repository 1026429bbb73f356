import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { parseSidecar } from '../../src/core/format/sidecar';
import type { Annotation } from '../../src/core/model/annotation';
import { repoRoot } from '../support/fixtures';
import { runCommand, startWorkbench, waitForFile, type Workbench } from '../support/workbench';
import { openInView } from './viewHelpers';

/** The bar's first line ("Adjudication: item 4 of 66 …"), once it holds `pattern`. */
async function barSays(frame: Frame, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 15000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await frame.locator('.adjudication-head').textContent({ timeout: 2000 }).catch(() => '')) ?? '';
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the adjudication bar says "${text}", not ${pattern}`);
}

describe('UI: adjudicating the sample article between two annotators (issue 10)', function () {
  this.timeout(180000);
  let wb: Workbench;
  let source: string;

  before(async () => {
    // the article in the adjudicator's workspace (no sidecar yet: the gold) and alice's and bob's folders
    source = fs.mkdtempSync(path.join(os.tmpdir(), 'hashiya-adjudication-'));
    fs.copyFileSync(path.join(repoRoot(), 'samples', 'lavrov-kerry.txt'), path.join(source, 'lavrov-kerry.txt'));
    fs.cpSync(path.join(repoRoot(), 'samples', 'team'), path.join(source, 'team'), { recursive: true });
    fs.mkdirSync(path.join(source, '.hashiya'), { recursive: true });
    fs.copyFileSync(path.join(repoRoot(), 'samples', '.hashiya', 'entities.yaml'),
      path.join(source, '.hashiya', 'entities.yaml'));
    wb = await startWorkbench({
      workspace: source,
      viewport: { width: 1440, height: 900 },
      userSettings: { 'hashiya.adjudication.annotatorFolders': ['team/alice', 'team/bob'] },
    });
  });
  after(async () => {
    await wb?.stop();
    fs.rmSync(source, { recursive: true, force: true });
  });

  it('shows the open items by shape with letters, moves with N / P and takes A, B, both and neither into the gold sidecar', async () => {
    const frame = await openInView(wb.page, 'lavrov-kerry.txt');
    await runCommand(wb.page, 'Hashiya: Adjudicate Article…');
    const first = await barSays(frame, /item 1 of (\d+)/);
    const total = Number(/item 1 of (\d+)/.exec(first)![1]);
    assert.ok(total > 10, first);
    assert.match(first, /only B/);
    const goldFile = path.join(wb.folder, 'lavrov-kerry.txt.annotations.yaml');
    const gold = (predicate: (annotations: Annotation[]) => boolean) =>
      waitForFile(goldFile, (text) => {
        const parsed = parseSidecar(text);
        return parsed.ok && predicate(parsed.sidecar.annotations);
      });
    // the unanimous annotations are in gold at once
    await gold((as) => as.length > 0 && as.every((a) => a.adjudication?.status === 'unanimous'));
    // keys go to the view: focus it without selecting text
    await frame.locator('.adjudication-progress').click();
    await wb.page.keyboard.press('n');
    await barSays(frame, /item 2 of/);
    await wb.page.keyboard.press('p');
    await barSays(frame, /item 1 of/);
    // item 1: «لافروف», bob only: B
    await wb.page.keyboard.press('b');
    await barSays(frame, /item 2 of .*1 of \d+ decided/);
    // item 2: a claim of bob only: neither; item 3: a date of bob only: neither too (with the key "-")
    await wb.page.keyboard.press('x');
    await barSays(frame, /item 3 of .*2 of \d+ decided/);
    await wb.page.keyboard.press('-');
    const fourth = await barSays(frame, /item 4 of .*3 of \d+ decided/);
    assert.match(fourth, /boundary differs/);
    // the view in adjudication mode: the shapes and the letters, right to left
    const drawn = await frame.evaluate(() => {
      const registry = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights;
      const count = (name: string) => (registry.get(name) ? [...registry.get(name)!].length : 0);
      const badges = [...document.querySelectorAll('.adjudication-badge')].map((b) => b.textContent);
      const line = [...document.querySelectorAll('#article .line')].find((l) => l.textContent!.includes('وزير الخارجية الروسي'));
      return {
        some: count('hashiya-adj-some'), disagree: count('hashiya-adj-disagree'),
        current: [...(registry.get('hashiya-adj-current') ?? [])].map((r) => r.toString()),
        badges, rtl: !!line?.matches(':dir(rtl)'),
      };
    });
    assert.ok(drawn.some > 0 && drawn.disagree > 0, JSON.stringify(drawn));
    assert.deepEqual(drawn.current, ['وزير الخارجية الروسي سيرغي لافروف', 'سيرغي لافروف']);
    assert.ok(drawn.badges.includes('AB') && drawn.badges.includes('B'), JSON.stringify(drawn.badges));
    assert.equal(drawn.rtl, true);
    // the current item's badge sits at the right end of its first line (where right-to-left text starts)
    const placed = await frame.evaluate(() => {
      const badge = document.querySelector('.adjudication-badge.current') as HTMLElement;
      const line = [...document.querySelectorAll('#article .line')].find((l) => l.textContent!.includes('وزير الخارجية الروسي'))!;
      const node = line.firstChild as Text;
      const at = node.data.indexOf('وزير الخارجية الروسي');
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const letter = range.getBoundingClientRect();
      const b = badge.getBoundingClientRect();
      return { badgeCentre: b.left + b.width / 2, letterRight: letter.right, letterLeft: letter.left };
    });
    assert.ok(Math.abs(placed.badgeCentre - placed.letterRight) < 12, JSON.stringify(placed));
    // the picture without the toast of the start; then the keys go to the view again
    await runCommand(wb.page, 'Notifications: Clear All Notifications');
    await wb.page.waitForTimeout(300);
    const shot = await wb.screenshot('adjudication-view');
    await frame.locator('.adjudication-progress').click();
    assert.ok(fs.statSync(shot).size > 10000);
    // item 4: the minister's title with his name (A) or the name alone (B): A
    await wb.page.keyboard.press('a');
    await barSays(frame, /item 5 of .*4 of \d+ decided/);
    // item 5: a claim of bob only: skip it (N); item 6: the same span, other entities: both
    await wb.page.keyboard.press('n');
    const sixth = await barSays(frame, /item 6 of/);
    assert.match(sixth, /entity differs/);
    await wb.page.keyboard.press('=');
    await barSays(frame, /5 of \d+ decided/);
    const parsed = parseSidecar(await gold((as) => as.filter((a) => a.quote === 'مجموعة دعم سوريا').length === 2));
    assert.ok(parsed.ok);
    const annotations = parsed.sidecar.annotations;
    // the records without `versions` (what ties each to its item; the unit tests check it)
    const byQuote = (q: string) => annotations.filter((a) => a.quote === q).map((a) => {
      if (!a.adjudication) return undefined;
      const { versions: _versions, ...rest } = a.adjudication;
      return rest;
    });
    assert.deepEqual(byQuote('لافروف').slice(0, 1), [{ status: 'adjudicated', from: ['bob'], decision: 'take' }]);
    assert.deepEqual(byQuote('وزير الخارجية الروسي سيرغي لافروف'),
      [{ status: 'adjudicated', from: ['alice'], decision: 'take' }]);
    assert.deepEqual(byQuote('سيرغي لافروف'), [], 'B\'s shorter span was not taken');
    assert.deepEqual(byQuote('مجموعة دعم سوريا').map((r) => r?.from[0]).sort(), ['alice', 'bob']);
    assert.ok(byQuote('مجموعة دعم سوريا').every((r) => r?.decision === 'both'));
    assert.deepEqual(byQuote('الجمعة'), [], 'neither: not in gold');
    assert.ok(annotations.some((a) => a.adjudication?.status === 'unanimous'));
  });
});
