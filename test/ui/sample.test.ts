import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSidecar } from '../../src/core/format/sidecar';
import { repoRoot } from '../support/fixtures';
import { runCommand, startWorkbench, waitForFile, type Workbench } from '../support/workbench';
import { hoverOver, openInView, selectInView, sidecarOf } from './viewHelpers';

describe('UI: the sample article with its sidecar', function () {
  this.timeout(120000);
  let wb: Workbench;

  before(async () => {
    wb = await startWorkbench({ workspace: 'samples', viewport: { width: 1440, height: 900 } });
  });
  after(async () => {
    await wb?.stop();
  });

  it('draws every annotation of the sidecar as a highlight, nested ones included, and lists them in the tree', async () => {
    const parsed = parseSidecar(
      fs.readFileSync(path.join(repoRoot(), 'samples', 'lavrov-kerry.txt.annotations.yaml'), 'utf8'),
    );
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
    await wb.page
      .locator('.monaco-list-row[aria-label*="Actors"], .monaco-list-row:has-text("Actors")')
      .first()
      .waitFor({ timeout: 15000 });
    await wb.page.locator('.monaco-list-row', { hasText: 'سيرغي لافروف' }).first().click();
    await wb.page.waitForTimeout(400);
    const [box, rect] = await Promise.all([
      (await frame.frameElement()).boundingBox(),
      frame.evaluate(() => {
        const line = [...document.querySelectorAll('#article .line')].find((l) =>
          l.textContent!.startsWith('وقال لافروف'),
        )!;
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

  it('asks for the speaker right after a claim is marked (nearest actors first) and shows the tree grouped by speaker', async () => {
    const sidecarPath = path.join(wb.folder, 'lavrov-kerry.txt.annotations.yaml');
    const frame = await openInView(wb.page, 'lavrov-kerry.txt');
    const claimText = 'كل الأطراف تعتبر تنظيم';
    await selectInView(frame, claimText);
    await wb.page.keyboard.press('c');
    const input = wb.page.locator('.quick-input-widget');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await wb.page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 5000 });
    // nearest first: "داعش" right after the claim, then the Lavrov mention of the paragraph before
    const rows = await wb.page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.match(rows[0], /داعش/);
    assert.match(rows.slice(0, 3).join(' '), /سيرغي لافروف/);
    // the claim's speaker is implicit ("وقال إن"): the analyst types to pick Lavrov
    await wb.page.keyboard.type('سيرغي');
    await wb.page.waitForTimeout(300);
    assert.match(await wb.page.locator('.quick-input-list .monaco-list-row').first().innerText(), /سيرغي لافروف/);
    await wb.page.keyboard.press('Enter');
    await waitForFile(sidecarPath, () => {
      const sidecar = sidecarOf(wb.folder, 'lavrov-kerry.txt')!;
      const claim = sidecar.annotations.find((a) => a.label === 'claim' && a.quote === claimText);
      return !!claim?.speaker && sidecar.annotations.find((a) => a.id === claim.speaker)?.label === 'actor';
    });
    await runCommand(wb.page, 'Hashiya: Focus on Entities View');
    const claims = wb.page.locator('.monaco-list-row', { hasText: 'Claims' }).first();
    await claims.waitFor({ timeout: 15000 });
    const actors = wb.page.locator('.monaco-list-row', { hasText: 'Actors' }).first();
    if ((await actors.getAttribute('aria-expanded')) === 'true') await actors.click();
    const group = wb.page.locator('.monaco-list-row[aria-level="2"]', { hasText: 'سيرغي لافروف' }).first();
    await group.waitFor({ timeout: 10000 });
    await group.click();
    await wb.page.locator('.monaco-list-row[aria-level="3"]').first().waitFor({ timeout: 5000 });
    // the hover of a claim shows its speaker, date and stance
    await hoverOver(wb.page, frame, 'اتفقنا مع واشنطن');
    await frame.locator('#hover').waitFor({ state: 'visible', timeout: 5000 });
    const hover = await frame.locator('#hover').innerText();
    assert.match(hover, /Speaker: سيرغي لافروف/);
    assert.match(hover, /Said on: مساء الثلاثاء = \u20662015-12-15TEV\u2069/);
    assert.match(hover, /Stance: asserts/);
    await wb.page.waitForTimeout(300);
    const shot = await wb.screenshot('claims-by-speaker');
    assert.ok(fs.statSync(shot).size > 10000);
  });

  it('links a new mention to the registry entity from the view (A, then E and an Arabic variant with a clitic)', async () => {
    const frame = await openInView(wb.page, 'lavrov-kerry.txt');
    await selectInView(frame, 'لافروف', { nth: 0 });
    const line = await frame.evaluate(() => getSelection()!.anchorNode!.parentElement!.textContent!.slice(0, 12));
    assert.ok(!line.startsWith('أعلن'), 'the headline mention, not yet annotated');
    await wb.page.keyboard.press('a');
    await waitForFile(path.join(wb.folder, 'lavrov-kerry.txt.annotations.yaml'), () =>
      sidecarOf(wb.folder, 'lavrov-kerry.txt')!.annotations.some((a) => a.label === 'actor' && a.start === 25),
    );
    await wb.page.keyboard.press('e');
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 10000 });
    await wb.page.keyboard.press('Control+a');
    await wb.page.keyboard.type('ولافروف');
    await wb.page.waitForTimeout(400);
    const rows = await wb.page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.match(rows[0], /سيرغي لافروف/, rows.join(' | '));
    assert.match(rows.at(-1)!, /New entity/);
    await wb.page.keyboard.press('Enter');
    const registry = fs.readFileSync(path.join(wb.folder, '.hashiya', 'entities.yaml'), 'utf8');
    const lavrovId = /- id: "(\w+)"\n\s+name: "سيرغي لافروف"/.exec(registry)![1];
    await waitForFile(path.join(wb.folder, 'lavrov-kerry.txt.annotations.yaml'), () =>
      sidecarOf(wb.folder, 'lavrov-kerry.txt')!.annotations.some(
        (a) => a.label === 'actor' && a.start === 25 && a.entity === lavrovId,
      ),
    );
  });

  it('suggests annotations (G), draws them dashed, and accepts or rejects them by keyboard; the sidecar gets only the accepted ones', async () => {
    const sidecarPath = path.join(wb.folder, 'lavrov-kerry.txt.annotations.yaml');
    const text = fs.readFileSync(path.join(wb.folder, 'lavrov-kerry.txt'), 'utf8');
    const count = () => sidecarOf(wb.folder, 'lavrov-kerry.txt')!.annotations.length;
    const before = count();
    const frame = await openInView(wb.page, 'lavrov-kerry.txt');
    await frame.locator('#article').focus();
    await wb.page.keyboard.press('g');
    await frame.locator('.review').waitFor({ state: 'visible', timeout: 10000 });
    const drawn = () =>
      frame.evaluate(() => {
        const registry = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights;
        const out: Record<string, string[]> = {};
        for (const [name, highlight] of registry)
          if (name.startsWith('hashiya-suggest')) out[name] = [...highlight].map((r) => r.toString());
        return out;
      });
    const first = await drawn();
    const total = Object.entries(first)
      .filter(([n]) => n !== 'hashiya-suggest-current')
      .reduce((n, [, r]) => n + r.length, 0);
    assert.ok(total > 5, `${total} suggestions drawn`);
    assert.match(await frame.locator('.review').innerText(), new RegExp(`Suggestion 1 of ${total}`));
    // the quotation marks keep the bar's left-to-right order around Arabic: “ left of the text, ” right of it
    const marks = await frame.evaluate(() => {
      const q = document.querySelector('.review .review-quote') as HTMLElement;
      const inner = q.querySelector('bdi') as HTMLElement;
      // the marks are the q's ::before and ::after: its box holds them, the bdi's does not
      const all = q.getBoundingClientRect();
      const text = inner.getBoundingClientRect();
      return {
        openLeft: all.left < text.left - 1,
        closeRight: all.right > text.right + 1,
        dir: getComputedStyle(q).direction,
      };
    });
    assert.deepEqual(marks, { openLeft: true, closeRight: true, dir: 'ltr' });
    // Tab and Shift+Tab move through them, also pressed quickly one after another
    const at = (n: number) =>
      frame
        .waitForFunction((k) => document.querySelector('.review')!.textContent!.includes(`Suggestion ${k} of`), n)
        .then(() => wb.page.waitForTimeout(300))
        .then(() =>
          frame.evaluate((k) => document.querySelector('.review')!.textContent!.includes(`Suggestion ${k} of`), n),
        )
        .then((still) => assert.ok(still, `stays on suggestion ${n}`));
    await wb.page.keyboard.press('Tab');
    await at(2);
    await wb.page.keyboard.press('Tab');
    await wb.page.keyboard.press('Tab');
    await at(4);
    await wb.page.keyboard.press('Shift+Tab');
    await wb.page.keyboard.press('Shift+Tab');
    await wb.page.keyboard.press('Shift+Tab');
    await at(1);
    // hovering the current suggestion explains it
    const rect = await frame.evaluate(() => {
      const [range] = [
        ...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('hashiya-suggest-current')!,
      ];
      const r = range.getClientRects()[0];
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    const box = (await (await frame.frameElement()).boundingBox())!;
    await wb.page.mouse.move(box.x + rect.x, box.y + rect.y);
    await frame.locator('#hover .suggestion').waitFor({ state: 'visible', timeout: 5000 });
    assert.match(
      await frame.locator('#hover .suggestion').innerText(),
      /Suggested (claim|actor|date)[\s\S]*Enter accepts it/,
    );
    await wb.page.mouse.move(box.x + 5, box.y + 5);
    const dashed = await frame.evaluate(() =>
      [...document.styleSheets]
        .flatMap((s) => [...s.cssRules])
        .map((r) => r.cssText)
        .filter((t) => t.includes('hashiya-suggest-actor'))
        .join(' '),
    );
    assert.match(dashed, /dashed/);
    // Enter accepts the current one (the third) and the review stays at its place: the next is third now
    await wb.page.keyboard.press('Tab');
    await wb.page.keyboard.press('Tab');
    await at(3);
    const [current] = (await drawn())['hashiya-suggest-current'];
    await wb.page.keyboard.press('Enter');
    await waitForFile(sidecarPath, () => count() > before);
    assert.ok(
      sidecarOf(wb.folder, 'lavrov-kerry.txt')!.annotations.some((a) => a.quote === current),
      `"${current}" accepted`,
    );
    const afterOne = count();
    await frame.waitForFunction(
      (n) => document.querySelector('.review')!.textContent!.includes(`Suggestion 3 of ${n}`),
      total - 1,
    );
    // X rejects the next one: nothing written
    const second = (await drawn())['hashiya-suggest-current'][0];
    await wb.page.keyboard.press('x');
    await frame.waitForFunction(
      (n) => document.querySelector('.review')!.textContent!.includes(`Suggestion 3 of ${n}`),
      total - 2,
    );
    assert.ok(!(await drawn())['hashiya-suggest-current']?.includes(second) || second === current);
    // Shift+Enter accepts every suggestion of the current one's label
    const label = await frame.locator('.review .review-label').innerText();
    const key = `hashiya-suggest-${label.trim().toLowerCase()}`;
    const ofLabel = (await drawn())[key];
    assert.ok(ofLabel.length > 0);
    await wb.page.keyboard.press('Shift+Enter');
    await waitForFile(sidecarPath, () => count() >= afterOne + ofLabel.length);
    const afterLabel = sidecarOf(wb.folder, 'lavrov-kerry.txt')!;
    for (const quote of ofLabel)
      assert.ok(
        afterLabel.annotations.some((a) => a.quote === quote && a.label === label.trim().toLowerCase()),
        quote,
      );
    // Esc rejects the rest: the review closes, the sidecar stays as it is
    await wb.page.keyboard.press('Escape');
    await frame.locator('.review').waitFor({ state: 'hidden', timeout: 5000 });
    assert.deepEqual(Object.keys(await drawn()), []);
    await wb.page.waitForTimeout(800);
    const final = sidecarOf(wb.folder, 'lavrov-kerry.txt')!;
    assert.equal(final.annotations.length, afterLabel.annotations.length);
    for (const a of final.annotations)
      if (a.anchored !== 'orphaned') assert.equal([...text].slice(a.start, a.end).join(''), a.quote);
  });

  it('keeps the sidecar listed in the Explorer while Hashiya rewrites it (atomic writes)', async () => {
    const frame = await openInView(wb.page, 'lavrov-kerry.txt');
    await runCommand(wb.page, 'View: Show Explorer');
    const row = wb.page.locator('.explorer-folders-view .monaco-list-row', {
      hasText: 'lavrov-kerry.txt.annotations.yaml',
    });
    await row.first().waitFor({ timeout: 10000 });
    for (let i = 0; i < 2; i++) {
      await selectInView(frame, 'الكرملين');
      await wb.page.keyboard.press('d');
      await waitForFile(path.join(wb.folder, 'lavrov-kerry.txt.annotations.yaml'), (c) =>
        c.includes('quote: "الكرملين"'),
      );
      await wb.page.keyboard.press('Delete');
      await waitForFile(
        path.join(wb.folder, 'lavrov-kerry.txt.annotations.yaml'),
        (c) => !c.includes('quote: "الكرملين"'),
      );
      await wb.page.waitForTimeout(800);
    }
    assert.ok((await row.count()) > 0, 'the sidecar is still listed');
  });
});
