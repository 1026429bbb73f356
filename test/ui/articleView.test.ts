// Over 500 lines: one workbench (code-server and Chromium, slow to start) serves every scenario of the
// article view in order; splitting would start it once per file.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { AnnotationSet } from '../../src/core/model/annotationSet';
import { emptySidecar, parseSidecar, serializeSidecar, type Sidecar } from '../../src/core/format/sidecar';
import { textSha256 } from '../../src/core/text/textHash';
import { openFile, runCommand, startWorkbench, waitForFile, type Workbench } from '../support/workbench';
import { dragAcross, hoverOver, openInView, selectInView, sidecarOf } from './viewHelpers';
import { repoRoot } from '../support/fixtures';
import { CONFLICT_TEXT, conflictSidecar } from '../support/conflictFixture';

describe('UI: the RTL article view in the real workbench', function () {
  this.timeout(120000);
  let wb: Workbench;
  let frame: Frame;

  before(async () => {
    wb = await startWorkbench({ workspace: 'test/fixtures/workspace', viewport: { width: 1400, height: 900 } });
    wb.page.on('dialog', (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`);
    });
  });
  after(async () => {
    await wb?.stop();
  });

  it('opens news.txt in the Hashiya view, each paragraph in its own direction', async () => {
    frame = await openInView(wb.page, 'news.txt');
    const info = await frame.evaluate(() => {
      const lines = [...document.querySelectorAll('#article .line')] as HTMLElement[];
      return {
        count: lines.length,
        dirs: lines.map((l) => [l.dir, getComputedStyle(l).direction, l.textContent]),
        spans: document.querySelectorAll('#article span').length,
      };
    });
    assert.equal(info.count, fs.readFileSync(path.join(wb.folder, 'news.txt'), 'utf8').split('\n').length);
    assert.equal(info.spans, 0, 'no per-word or per-character elements');
    const arabic = info.dirs.find((d) => String(d[2]).startsWith('أعلن'))!;
    assert.equal(arabic[0], 'auto');
    await wb.screenshot('view-opened');
  });

  it('marks a word dragged right to left as actor (A) and one dragged left to right as date (D); the sidecar holds code points', async () => {
    await dragAcross(wb.page, frame, 'لافروف', 'rtl', 1);
    assert.equal(await frame.evaluate(() => getSelection()?.toString()), 'لافروف');
    await wb.page.keyboard.press('a');
    await dragAcross(wb.page, frame, 'الثلاثاء', 'ltr');
    assert.equal(await frame.evaluate(() => getSelection()?.toString()), 'الثلاثاء');
    await wb.page.keyboard.press('d');
    const file = path.join(wb.folder, 'news.txt.annotations.yaml');
    await waitForFile(
      file,
      (c) => parseSidecar(c).ok && (parseSidecar(c) as { sidecar: Sidecar }).sidecar.annotations.length === 2,
    );
    const sidecar = sidecarOf(wb.folder, 'news.txt')!;
    const text = [...fs.readFileSync(path.join(wb.folder, 'news.txt'), 'utf8')];
    assert.deepEqual(
      sidecar.annotations.map((a) => [a.label, a.quote]),
      [
        ['actor', 'لافروف'],
        ['date', 'الثلاثاء'],
      ],
    );
    for (const a of sidecar.annotations) assert.equal(text.slice(a.start, a.end).join(''), a.quote);
    await wb.screenshot('view-annotated');
  });
  it('takes each key with the selection it was pressed on, and a repeated key adds nothing twice', async () => {
    const select = (needle: string) => selectInView(frame, needle);
    await select('الرئيس فلاديمير بوتين');
    await wb.page.keyboard.press('a');
    await wb.page.keyboard.press('a');
    await select('مجلس الأمن');
    await wb.page.keyboard.press('a');
    await waitForFile(path.join(wb.folder, 'news.txt.annotations.yaml'), (c) => c.includes('quote: "مجلس الأمن"'));
    await new Promise((r) => setTimeout(r, 500));
    const sidecar = sidecarOf(wb.folder, 'news.txt')!;
    assert.equal(sidecar.annotations.filter((a) => a.quote === 'الرئيس فلاديمير بوتين').length, 1);
    assert.equal(sidecar.annotations.filter((a) => a.quote === 'مجلس الأمن').length, 1);
  });

  it('undoes and redoes annotation actions with Ctrl+Z and Ctrl+Shift+Z in the view', async () => {
    const file = path.join(wb.folder, 'news.txt.annotations.yaml');
    await selectInView(frame, 'مجموعة دعم سوريا');
    await wb.page.keyboard.press('a');
    await waitForFile(file, (c) => c.includes('quote: "مجموعة دعم سوريا"'));
    await wb.page.keyboard.press('Control+z');
    await waitForFile(file, (c) => !c.includes('quote: "مجموعة دعم سوريا"'));
    await frame.locator('#notice').waitFor({ state: 'visible', timeout: 5000 });
    assert.match(await frame.locator('#notice').innerText(), /Undone: mark actor/);
    await wb.page.keyboard.press('Control+Shift+z');
    await waitForFile(file, (c) => c.includes('quote: "مجموعة دعم سوريا"'));
    assert.equal(
      fs.readFileSync(path.join(wb.folder, 'news.txt'), 'utf8').length,
      fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'workspace', 'news.txt'), 'utf8').length,
      'the article text was not undone',
    );
  });

  it('selects with the keyboard (caret, Shift+Ctrl+arrow in an RTL paragraph) and marks a claim with C', async () => {
    await selectInView(frame, 'وزير الخارجية', { collapsed: true });
    // in a right-to-left paragraph, visual left is logically forward
    await wb.page.keyboard.press('Control+Shift+ArrowLeft');
    await wb.page.keyboard.press('Control+Shift+ArrowLeft');
    const selected = (await frame.evaluate(() => getSelection()!.toString())).trim();
    assert.equal(selected, 'وزير الخارجية');
    assert.equal(await frame.locator('.caret').isVisible(), true, 'the view draws a caret');
    await wb.page.keyboard.press('c');
    await waitForFile(path.join(wb.folder, 'news.txt.annotations.yaml'), (c) => c.includes('quote: "وزير الخارجية"'));
    const sidecar = sidecarOf(wb.folder, 'news.txt')!;
    const claim = sidecar.annotations.find((a) => a.label === 'claim')!;
    assert.equal(
      [...fs.readFileSync(path.join(wb.folder, 'news.txt'), 'utf8')].slice(claim.start, claim.end).join(''),
      'وزير الخارجية',
    );
  });
});

describe('UI: hover, tree and hostile text', function () {
  this.timeout(120000);
  let wb: Workbench;
  let frame: Frame;

  before(async () => {
    wb = await startWorkbench({ workspace: 'test/fixtures/workspace', viewport: { width: 1400, height: 900 } });
    wb.page.on('dialog', (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`);
    });
    frame = await openInView(wb.page, 'news.txt');
    await dragAcross(wb.page, frame, 'سيرغي لافروف', 'rtl');
    await wb.page.keyboard.press('a');
    await dragAcross(wb.page, frame, 'مساء الثلاثاء', 'ltr');
    await wb.page.keyboard.press('d');
    await waitForFile(path.join(wb.folder, 'news.txt.annotations.yaml'), (c) => (c.match(/- id:/g) ?? []).length === 2);
  });
  after(async () => {
    await wb?.stop();
  });

  it('shows a tooltip with label and quote when hovering a highlight', async () => {
    await hoverOver(wb.page, frame, 'سيرغي');
    const hover = frame.locator('#hover');
    await hover.waitFor({ state: 'visible', timeout: 5000 });
    const text = await hover.innerText();
    assert.match(text, /Actor/);
    assert.match(text, /سيرغي لافروف/);
    await wb.screenshot('view-hover');
    await wb.page.mouse.move(5, 5);
  });

  it('reveals a span in the view when its tree item is clicked', async () => {
    await runCommand(wb.page, 'Hashiya: Focus on Entities View');
    const row = wb.page.locator('.monaco-list-row[aria-label*="مساء الثلاثاء"]').first();
    await row.waitFor({ timeout: 15000 });
    await frame.evaluate(() => {
      getSelection()?.removeAllRanges();
      window.scrollTo(0, document.body.scrollHeight);
    });
    await row.click();
    await wb.page.waitForFunction(() => true);
    const selected = await frame.evaluate(async () => {
      for (let i = 0; i < 50 && !getSelection()?.toString(); i++) await new Promise((r) => setTimeout(r, 100));
      const range = getSelection()!.getRangeAt(0);
      const rect = range.getBoundingClientRect();
      return { text: getSelection()!.toString(), visible: rect.top >= 0 && rect.bottom <= innerHeight };
    });
    assert.deepEqual(selected, { text: 'مساء الثلاثاء', visible: true });
    await wb.screenshot('tree-reveal');
  });

  it('keeps Arabic shaped across highlight edges: a highlight inside a word changes neither the DOM nor the glyphs', async () => {
    const measure = () =>
      frame.evaluate(() => {
        const line = [...document.querySelectorAll('#article .line')].find((l) =>
          l.textContent!.startsWith('لافروف :'),
        )!;
        const range = document.createRange();
        range.selectNodeContents(line);
        return { width: range.getBoundingClientRect().width, nodes: line.childNodes.length };
      });
    const before = await measure();
    await selectInView(frame, 'لافروف :', { from: 1, to: 4 });
    await wb.page.keyboard.press('d');
    await waitForFile(path.join(wb.folder, 'news.txt.annotations.yaml'), (c) => c.includes('quote: "افر"'));
    await wb.page.waitForTimeout(200);
    const after = await measure();
    assert.equal(after.nodes, 1, 'the line is still one text node');
    assert.ok(Math.abs(after.width - before.width) < 0.5, `glyph widths changed: ${before.width} -> ${after.width}`);
    await wb.page.keyboard.press('Delete');
    await waitForFile(path.join(wb.folder, 'news.txt.annotations.yaml'), (c) => !c.includes('quote: "افر"'));
  });

  it('B11: digits and Latin inside Arabic keep logical offsets; highlights sit on their own glyphs (2002 right of 2006)', async () => {
    const mixed = await openInView(wb.page, 'mixed.txt');
    for (const [needle, key] of [
      ['2002', 'd'],
      ['2006', 'd'],
      ['Ipsos', 'a'],
    ] as const) {
      await selectInView(mixed, needle, { backwards: true });
      await wb.page.keyboard.press(key);
    }
    await waitForFile(
      path.join(wb.folder, 'mixed.txt.annotations.yaml'),
      (c) => (c.match(/- id:/g) ?? []).length === 3,
    );
    const sidecar = sidecarOf(wb.folder, 'mixed.txt')!;
    assert.deepEqual(
      sidecar.annotations.map((a) => [a.start, a.end, a.quote]),
      [
        [21, 26, 'Ipsos'],
        [34, 38, '2002'],
        [39, 43, '2006'],
      ],
    );
    const lefts = await mixed.evaluate(() => {
      const out: Record<string, number> = {};
      for (const [, highlight] of (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights) {
        for (const range of highlight) out[range.toString()] = range.getBoundingClientRect().left;
      }
      return out;
    });
    assert.ok(
      lefts['2002'] > lefts['2006'],
      `in the RTL paragraph 2002-2006 shows as 2006-2002: ${JSON.stringify(lefts)}`,
    );
    await hoverOver(wb.page, mixed, '2002');
    await mixed.locator('#hover').waitFor({ state: 'visible', timeout: 5000 });
    assert.match(await mixed.locator('#hover').innerText(), /2002/);
    assert.doesNotMatch(await mixed.locator('#hover').innerText(), /2006/);
    await wb.page.locator('.monaco-list-row[aria-label*="date: 2006"]').first().waitFor({ timeout: 10000 });
    await wb.screenshot('b11-mixed');
  });

  it('lists orphaned annotations in the view and re-attaches one to the selection with its button', async () => {
    const before = 'Officials said the dam is safe. Engineers said the dam is cracked.\n';
    const after = 'Officials said the dam is safe. Engineers said the dam is checked daily.\n';
    const set = new AnnotationSet(before);
    const orphan = set.add('claim', 47, 65, { now: new Date().toISOString() });
    const sidecar = emptySidecar('dam.txt');
    sidecar.text.sha256 = textSha256(before);
    sidecar.annotations = set.annotations;
    fs.writeFileSync(path.join(wb.folder, 'dam.txt'), after);
    fs.writeFileSync(path.join(wb.folder, 'dam.txt.annotations.yaml'), serializeSidecar(sidecar));
    const dam = await openInView(wb.page, 'dam.txt');
    const box = dam.locator('#orphans');
    await box.waitFor({ state: 'visible', timeout: 10000 });
    await box.locator('summary').click();
    assert.match(await box.innerText(), /the dam is cracked/);
    await selectInView(dam, 'the dam is checked daily');
    await box.locator('button.orphan-reattach').click();
    const content = await waitForFile(path.join(wb.folder, 'dam.txt.annotations.yaml'), (c) =>
      c.includes('quote: "the dam is checked daily"'),
    );
    const back = parseSidecar(content);
    assert.ok(back.ok);
    const a = back.sidecar.annotations.find((x) => x.id === orphan.id)!;
    assert.deepEqual([a.start, a.end, a.anchored], [47, 71, undefined]);
    await box.waitFor({ state: 'hidden', timeout: 5000 });
  });

  it('a one-line article of 300 kB is cut into blocks; a selection across a block boundary stores one exact span', async () => {
    const unit = 'قال المتحدث باسم البلدية إن الطريق سيفتح غدا. The spokesperson said the road will reopen. ';
    const text = unit.repeat(Math.ceil(300_000 / unit.length));
    fs.writeFileSync(path.join(wb.folder, 'long.txt'), text);
    const long = await openInView(wb.page, 'long.txt', 60000);
    const info = await long.evaluate(() => {
      const blocks = [...document.querySelectorAll('#article .line')];
      const first = blocks[0].firstChild as Text;
      const second = blocks[1].firstChild as Text;
      (document.getElementById('article') as HTMLElement).focus();
      getSelection()!.setBaseAndExtent(first, first.length - 12, second, 9);
      return {
        blocks: blocks.length,
        firstLength: first.length,
        joined: blocks.map((b) => b.textContent).join('').length,
      };
    });
    assert.ok(info.blocks >= 30 && info.firstLength <= 10000, JSON.stringify(info));
    assert.equal(info.joined, text.length, 'the blocks hold the text exactly once');
    await wb.page.keyboard.press('c');
    const content = await waitForFile(path.join(wb.folder, 'long.txt.annotations.yaml'));
    const parsed = parseSidecar(content);
    assert.ok(parsed.ok);
    const a = parsed.sidecar.annotations[0];
    assert.equal(a.quote, [...text].slice(a.start, a.end).join(''));
    assert.ok(a.start < info.firstLength && a.end > info.firstLength, 'the span crosses the block boundary');
  });

  it('B23: markup and script in the article stay inert text in the view and its hover', async () => {
    const hostile = await openInView(wb.page, 'hostile.txt');
    await dragAcross(wb.page, hostile, '<img src=x onerror=alert(1)>', 'ltr');
    await wb.page.keyboard.press('c');
    await waitForFile(path.join(wb.folder, 'hostile.txt.annotations.yaml'));
    const dom = await hostile.evaluate(() => ({
      images: document.querySelectorAll('img').length,
      scripts: [...document.scripts].filter((s) => s.src).map((s) => s.src.split('/').pop()),
      // the view's bundle is written into the page (issue 12): one script of ours, the bundle
      bundles: [...document.scripts].filter((s) => (s.textContent ?? '').includes('"hashiya:script"')).length,
      inlineAlert: [...document.scripts].some((s) => (s.textContent ?? '').includes('alert(')),
      text: document.getElementById('article')!.textContent,
    }));
    assert.equal(dom.images, 0);
    assert.deepEqual(dom.scripts, [], 'no script is loaded from a file');
    assert.equal(dom.bundles, 1, 'the only script of ours is the bundle');
    assert.equal(
      dom.inlineAlert,
      false,
      'no script element carries article text (VS Code injects its own host script)',
    );
    assert.ok(dom.text!.includes('<img src=x onerror=alert(1)>'));
    assert.ok(dom.text!.includes('{{7*7}} and ${7*7}'));
    await hoverOver(wb.page, hostile, 'onerror');
    await hostile.locator('#hover').waitFor({ state: 'visible', timeout: 5000 });
    assert.match(await hostile.locator('#hover').innerText(), /<img src=x onerror=alert\(1\)>/);
    assert.equal(
      await hostile.evaluate(
        () => document.querySelectorAll('#hover *:not(section):not(div):not(span):not(strong):not(blockquote)').length,
      ),
      0,
    );
  });
});

describe('UI: hostile and broken sidecars, bidi marks (issue 8)', function () {
  this.timeout(120000);
  let wb: Workbench;

  before(async () => {
    wb = await startWorkbench({ workspace: 'test/fixtures/workspace', viewport: { width: 1400, height: 900 } });
    wb.page.on('dialog', (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`);
    });
  });
  after(async () => {
    await wb?.stop();
  });

  it('a mouse drag over a date between LRMs in an Arabic paragraph stores the digits, never the marks', async () => {
    const text = 'وصل الوفد يوم \u200E2024-05-01\u200E إلى القاهرة، وغادر في \u200E2024-05-03\u200E.\n';
    fs.writeFileSync(path.join(wb.folder, 'lrm.txt'), text);
    const frame = await openInView(wb.page, 'lrm.txt');
    const file = path.join(wb.folder, 'lrm.txt.annotations.yaml');
    const seen: string[] = [];
    for (const [nth, direction] of [
      [0, 'ltr'],
      [1, 'rtl'],
    ] as const) {
      await dragAcross(wb.page, frame, nth === 0 ? '2024-05-01' : '2024-05-03', direction);
      seen.push(
        JSON.stringify(
          await frame.evaluate(() => {
            const s = getSelection()!;
            return { text: s.toString(), anchor: s.anchorOffset, focus: s.focusOffset };
          }),
        ),
      );
      await wb.page.keyboard.press('d');
      try {
        await waitForFile(file, (c) => (c.match(/- id:/g) ?? []).length === nth + 1, 5000);
      } catch (err) {
        const notice = await frame.locator('#notice').textContent();
        throw new Error(`${(err as Error).message}; selections ${seen.join(', ')}; notice ${notice}`);
      }
    }
    const sidecar = sidecarOf(wb.folder, 'lrm.txt')!;
    const chars = [...text];
    assert.deepEqual(
      seen.map((x) => JSON.parse(x).text),
      ['2024-05-01', '2024-05-03'],
      'the view selects the digits the mouse went over',
    );
    assert.deepEqual(
      sidecar.annotations.map((a) => a.quote),
      ['2024-05-01', '2024-05-03'],
      `selections: ${seen.join(', ')}`,
    );
    for (const a of sidecar.annotations) assert.equal(chars.slice(a.start, a.end).join(''), a.quote);
    await wb.screenshot('lrm-dates');
  });

  it('in the text editor the chords Ctrl+K 1 / 2 mark the selection (no Ctrl+Alt key), and the second key types nothing', async () => {
    const text = 'Officials said the dam is safe.\n';
    fs.writeFileSync(path.join(wb.folder, 'chord.txt'), text);
    await openFile(wb.page, 'chord.txt');
    await wb.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await wb.page.keyboard.press('Control+Home');
    await wb.page.keyboard.press('Shift+End');
    await wb.page.keyboard.press('Control+k');
    await wb.page.keyboard.press('1');
    const file = path.join(wb.folder, 'chord.txt.annotations.yaml');
    await waitForFile(file, (c) => c.includes('label: "claim"'));
    await wb.page.keyboard.press('Control+Home');
    await wb.page.keyboard.press('Control+Shift+ArrowRight');
    await wb.page.keyboard.press('Control+k');
    await wb.page.keyboard.press('2');
    await waitForFile(file, (c) => c.includes('label: "actor"'));
    const sidecar = sidecarOf(wb.folder, 'chord.txt')!;
    assert.deepEqual(
      sidecar.annotations.map((a) => [a.label, a.quote]),
      [
        ['claim', 'Officials said the dam is safe.'],
        ['actor', 'Officials'],
      ],
    );
    await wb.page.keyboard.press('Control+s');
    await wb.page.waitForTimeout(300);
    assert.equal(
      fs.readFileSync(path.join(wb.folder, 'chord.txt'), 'utf8'),
      text,
      'the article is unchanged: no "1" or "2" was typed',
    );
  });

  /** The text a reader sees: the invisible joiners and isolates that make file text inert left out. */
  const visible = (s: string) => s.replace(/[\u2060\u2066-\u2069]/g, '');

  it('a hostile sidecar: the notification shows its key as text, with no link; the view shows the valid annotations read-only and says why', async () => {
    const text = 'The minister said on Tuesday that talks resume.\n';
    const source = [
      'version: 1',
      'text:',
      '  file: "hostile-sidecar.txt"',
      '  unit: "codepoint"',
      'annotations:',
      '  - id: "k1"',
      '    label: "actor"',
      '    start: 4',
      '    end: 12',
      '    quote: "minister"',
      '    "[click](command:workbench.action.quit)": 1',
      '  - id: "k2"',
      '    label: "date"',
      '    start: 21',
      '    end: 28',
      '    quote: "Tuesday"',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(wb.folder, 'hostile-sidecar.txt'), text);
    fs.writeFileSync(path.join(wb.folder, 'hostile-sidecar.txt.annotations.yaml'), source);
    const frame = await openInView(wb.page, 'hostile-sidecar.txt');
    const toast = wb.page
      .locator('.notifications-toasts .notification-list-item-message', { hasText: 'unknown key' })
      .first();
    await toast.waitFor({ timeout: 15000 });
    const message = await toast.evaluate((m) => ({
      text: m.textContent ?? '',
      links: m.querySelectorAll('a').length,
      html: m.innerHTML,
    }));
    assert.equal(message.links, 0, `no link in the notification: ${message.html}`);
    assert.ok(
      visible(message.text).includes('unknown key "[click](command:workbench.action.quit)" in annotations.0'),
      message.text,
    );
    assert.ok(visible(message.text).includes('hostile-sidecar.txt.annotations.yaml:11:5'), message.text);
    await wb.screenshot('hostile-sidecar-notification');
    // the view: the valid annotation shown, the reason in a banner, nothing writable
    const banner = frame.locator('#banner');
    await banner.waitFor({ state: 'visible', timeout: 10000 });
    const bannerText = await banner.innerText();
    assert.match(bannerText, /hostile-sidecar\.txt\.annotations\.yaml:11:5: unknown key/);
    assert.match(bannerText, /Showing the 1 of 2 annotations that are valid on their own/);
    assert.match(bannerText, /Read-only until the sidecar is fixed/);
    assert.equal(await frame.locator('#banner button.banner-open').count(), 1, 'the banner offers to open the sidecar');
    const highlighted = await frame.evaluate(() =>
      [...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights]
        .filter(
          ([name]) => name.startsWith('hashiya-') && !name.startsWith('hashiya-suggest') && name !== 'hashiya-focus',
        )
        .flatMap(([, h]) => [...h].map((r) => r.toString())),
    );
    assert.deepEqual(highlighted, ['Tuesday']);
    const buttons = await frame
      .locator('#toolbar button.label-button')
      .evaluateAll((els) =>
        els.map((b) => ({ disabled: (b as HTMLButtonElement).disabled, title: b.getAttribute('title') ?? '' })),
      );
    assert.equal(buttons.length, 3);
    for (const b of buttons) {
      assert.equal(b.disabled, true);
      assert.match(b.title, /^Read-only: hostile-sidecar\.txt\.annotations\.yaml:11:5: unknown key/);
    }
    await selectInView(frame, 'talks');
    for (const key of ['c', 'Delete', 'n']) {
      await wb.page.keyboard.press(key);
      await frame.locator('#notice').waitFor({ state: 'visible', timeout: 5000 });
      assert.match(await frame.locator('#notice').innerText(), /Read-only|read-only/);
    }
    await wb.page.waitForTimeout(500);
    assert.equal(
      fs.readFileSync(path.join(wb.folder, 'hostile-sidecar.txt.annotations.yaml'), 'utf8'),
      source,
      'the broken sidecar is never written',
    );
    await wb.screenshot('hostile-sidecar-view');
  });

  it('a quote with $(alert), a command link and U+202E reaches the notification as text: no icon, no link, no override', async () => {
    const text = 'Officials said the dam is safe.\n';
    const sidecar = emptySidecar('hostile-quote.txt');
    sidecar.text.sha256 = textSha256(text);
    sidecar.text.length = [...text].length;
    const quote = '[x](command:workbench.action.quit) $(alert) \u202Etxt.exe';
    sidecar.annotations = [{ id: 'q1', label: 'claim', start: 0, end: 5, quote, prefix: '', suffix: '' }];
    fs.writeFileSync(path.join(wb.folder, 'hostile-quote.txt'), text);
    fs.writeFileSync(path.join(wb.folder, 'hostile-quote.txt.annotations.yaml'), serializeSidecar(sidecar));
    await openInView(wb.page, 'hostile-quote.txt');
    const toast = wb.page
      .locator('.notifications-toasts .notification-list-item-message', { hasText: 'does not match the text' })
      .first();
    await toast.waitFor({ timeout: 15000 });
    const message = await toast.evaluate((m) => ({
      text: m.textContent ?? '',
      links: m.querySelectorAll('a').length,
      icons: m.querySelectorAll('.codicon, [class*="codicon-"]').length,
      html: m.innerHTML,
    }));
    assert.equal(message.links, 0, message.html);
    assert.equal(message.icons, 0, message.html);
    assert.ok(!message.text.includes('\u202E'), 'the override is not in the message');
    assert.ok(visible(message.text).includes('[x](command:workbench.action.quit) $(alert) txt.exe'), message.text);
    await wb.screenshot('hostile-quote-notification');
  });

  it('a sidecar whose YAML does not parse: the view shows no annotation and says why', async () => {
    fs.writeFileSync(path.join(wb.folder, 'unparsable.txt'), 'Talks resume on Friday.\n');
    fs.writeFileSync(path.join(wb.folder, 'unparsable.txt.annotations.yaml'), 'version: 1\ntext: [\n');
    const frame = await openInView(wb.page, 'unparsable.txt');
    const banner = frame.locator('#banner');
    await banner.waitFor({ state: 'visible', timeout: 10000 });
    assert.match(
      await banner.innerText(),
      /^unparsable\.txt\.annotations\.yaml:\d+:\d+: YAML: .*No annotation can be shown: the file cannot be read as a sidecar\. Read-only/s,
    );
    assert.equal(await frame.locator('#toolbar button.label-button:disabled').count(), 3);
  });
});

describe('UI: resolving recorded conflicts by keyboard in the view', function () {
  this.timeout(120000);
  let wb: Workbench;

  before(async () => {
    wb = await startWorkbench({ workspace: 'test/fixtures/workspace', viewport: { width: 1400, height: 900 } });
    wb.page.on('dialog', (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`);
    });
    fs.writeFileSync(path.join(wb.folder, 'conflict.txt'), CONFLICT_TEXT);
    fs.writeFileSync(path.join(wb.folder, 'conflict.txt.annotations.yaml'), conflictSidecar());
  });
  after(async () => {
    await wb?.stop();
  });

  it('marks conflicts without colour alone, names the current one in a bar, and takes theirs, ours and both with I, H and B (J goes to the next)', async () => {
    const file = path.join(wb.folder, 'conflict.txt.annotations.yaml');
    const view = await openInView(wb.page, 'conflict.txt');
    const bar = view.locator('.conflict-bar');
    await bar.waitFor({ state: 'visible', timeout: 10000 });
    const shown = await bar.textContent();
    assert.match(shown!, /Conflict 1 of 4 with theirs \("origin\/feature-x"\): Publication date/);
    assert.match(shown!, /publication date: "2015-12-16" here · "2015-12-17" in theirs/);
    const drawn = await view.evaluate(() => ({
      wavy: (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('hashiya-conflict')?.size ?? 0,
      marked: document.querySelectorAll('.line.has-conflict').length,
      rule: getComputedStyle(document.querySelector('.line.has-conflict')!).borderInlineStartStyle,
    }));
    assert.deepEqual(drawn, { wavy: 3, marked: 1, rule: 'double' });
    // the hover of a conflicting annotation shows ours and theirs
    await hoverOver(wb.page, view, 'لافروف');
    await view.locator('#hover .hover-conflict').waitFor({ state: 'visible', timeout: 5000 });
    assert.match(await view.locator('#hover .hover-conflict').innerText(), /label: "actor" here · "claim" in theirs/);
    await wb.page.mouse.move(5, 5);
    await wb.screenshot('conflict-bar');

    // J: the next conflict is selected in the text and named in the bar; I takes theirs
    await selectInView(view, 'قال', { collapsed: true });
    await wb.page.keyboard.press('j');
    await view.waitForFunction(() => document.querySelector('.conflict-bar')?.textContent?.includes('Conflict 2 of 4'));
    assert.equal(await view.evaluate(() => getSelection()?.toString()), 'لافروف');
    await wb.page.keyboard.press('i');
    let content = await waitForFile(file, (c) => /id: "act1"\n {4}label: "claim"/.test(c));
    assert.ok(parseSidecar(content).ok);
    // the bar stays at that place: the removed-by-theirs claim is next; H keeps ours
    await view.waitForFunction(() =>
      /Conflict 2 of 3 .*المحادثات ستستأنف/.test(document.querySelector('.conflict-bar')?.textContent ?? ''),
    );
    await wb.page.keyboard.press('h');
    content = await waitForFile(file, (c) => (c.match(/conflict:/g) ?? []).length === 2);
    // B on the position conflict: ours stays, a copy on their words
    await view.waitForFunction(() =>
      /Conflict 2 of 2 .*الجمعة/.test(document.querySelector('.conflict-bar')?.textContent ?? ''),
    );
    await wb.page.keyboard.press('b');
    content = await waitForFile(
      file,
      (c) => (c.match(/- id:/g) ?? []).length === 4 && (c.match(/conflict:/g) ?? []).length === 1,
    );
    // the publication date: B is refused in words, H keeps ours
    await view.waitForFunction(() =>
      /Conflict 1 of 1 .*Publication date/.test(document.querySelector('.conflict-bar')?.textContent ?? ''),
    );
    await wb.page.keyboard.press('b');
    // the notice of the B before may still show: wait for this one's words, not for a notice
    await view
      .waitForFunction(() => /one publication date/.test(document.getElementById('notice')?.innerText ?? ''), undefined,
        { timeout: 5000 })
      .catch(() => undefined);
    assert.match(await view.locator('#notice').innerText(), /one publication date/);
    await wb.page.keyboard.press('h');
    content = await waitForFile(file, (c) => !c.includes('conflict:'));
    await bar.waitFor({ state: 'hidden', timeout: 5000 });
    const sidecar = parseSidecar(content);
    assert.ok(sidecar.ok);
    assert.deepEqual(sidecar.sidecar.published, { date: '2015-12-16' });
    assert.deepEqual(
      sidecar.sidecar.annotations.map((a) => [a.label, a.quote, a.note]),
      [
        ['claim', 'لافروف', undefined],
        ['claim', 'المحادثات ستستأنف', undefined],
        ['date', 'الجمعة', undefined],
        ['date', 'جنيف', undefined],
      ],
    );
    assert.equal(await view.evaluate(() => document.querySelectorAll('.line.has-conflict').length), 0);
    // Ctrl+Z undoes the last resolution of an annotation (the copy of B goes, the conflict comes back)
    await wb.page.keyboard.press('Control+z');
    await waitForFile(file, (c) => (c.match(/- id:/g) ?? []).length === 3 && c.includes('conflict:'));
    await bar.waitFor({ state: 'visible', timeout: 5000 });
    await wb.screenshot('conflict-resolved');
  });

  it('the first J after opening selects the conflict the bar already names, the next J the one after it (seen in a first-use trial)', async () => {
    const text = 'قال لافروف إن المحادثات ستستأنف.\n';
    fs.writeFileSync(path.join(wb.folder, 'first-j.txt'), text);
    const conflict = (id: string, label: string, start: number, end: number) => `  - id: "${id}"
    label: "${label}"
    start: ${start}
    end: ${end}
    quote: "${[...text].slice(start, end).join('')}"
    conflict:
      with: "origin/main"
      theirs:
        note: "theirs"
`;
    fs.writeFileSync(
      path.join(wb.folder, 'first-j.txt.annotations.yaml'),
      `version: 1
text:
  file: "first-j.txt"
  unit: "codepoint"
  length: ${[...text].length}
  sha256: "${textSha256(text)}"
annotations:
${conflict('act1', 'actor', 4, 10)}${conflict('clm1', 'claim', 14, 31)}`,
    );
    const view = await openInView(wb.page, 'first-j.txt');
    const bar = view.locator('.conflict-bar');
    await bar.waitFor({ state: 'visible', timeout: 10000 });
    assert.match((await bar.textContent())!, /Conflict 1 of 2 .*لافروف/);
    await selectInView(view, 'إن', { collapsed: true });
    await wb.page.keyboard.press('j');
    await view.waitForFunction(() => getSelection()?.toString() === 'لافروف');
    assert.match((await bar.textContent())!, /Conflict 1 of 2 /);
    await wb.page.keyboard.press('j');
    await view.waitForFunction(() => getSelection()?.toString() === 'المحادثات ستستأنف');
    assert.match((await bar.textContent())!, /Conflict 2 of 2 /);
  });

  it('a conflict met again by later merges: the bar says "alternative 1 of 3" and lists the others; each key settles one, the next comes up', async () => {
    const text = 'قال لافروف إن المحادثات ستستأنف.\n';
    fs.writeFileSync(path.join(wb.folder, 'several.txt'), text);
    const file = path.join(wb.folder, 'several.txt.annotations.yaml');
    fs.writeFileSync(
      file,
      `version: 1
text:
  file: "several.txt"
  unit: "codepoint"
  length: ${[...text].length}
  sha256: "${textSha256(text)}"
annotations:
  - id: "act1"
    label: "actor"
    start: 4
    end: 10
    quote: "لافروف"
    note: "note of main"
    conflict:
      with: "A"
      theirs:
        note: "note of A"
      also:
        - with: "B"
          theirs:
            note: "note of B"
        - with: "C"
          removed: "theirs"
`,
    );
    const view = await openInView(wb.page, 'several.txt');
    const bar = view.locator('.conflict-bar');
    await bar.waitFor({ state: 'visible', timeout: 10000 });
    const shown = (await bar.textContent())!;
    assert.match(shown, /Conflict 1 of 1 with theirs \("A"\) \(alternative 1 of 3\):/);
    assert.match(shown, /note: "note of main" here · "note of A" in theirs/);
    assert.match(
      shown,
      /then: \(2\) theirs \("B"\): note: "note of main" here · "note of B" in theirs; \(3\) theirs \("C"\): annotation: changed here · removed in theirs/,
    );
    await hoverOver(wb.page, view, 'لافروف');
    await view.locator('#hover .hover-conflict').waitFor({ state: 'visible', timeout: 5000 });
    assert.match(await view.locator('#hover .hover-conflict').innerText(), /then \(2 of 3\) with theirs \("B"\)/);
    await wb.page.mouse.move(5, 5);
    await wb.screenshot('conflict-alternatives');
    await selectInView(view, 'قال', { collapsed: true });
    // I takes A's note; B's comes up
    await wb.page.keyboard.press('i');
    await waitForFile(file, (c) => c.includes('note: "note of A"') && !c.includes('with: "A"'));
    await view.waitForFunction(() =>
      /with theirs \("B"\) \(alternative 1 of 2\)/.test(document.querySelector('.conflict-bar')?.textContent ?? ''),
    );
    // H keeps ours (A's note); C's removal comes up; H keeps the annotation
    await wb.page.keyboard.press('h');
    await view.waitForFunction(() =>
      /with theirs \("C"\): .*annotation: changed here · removed in theirs/.test(
        document.querySelector('.conflict-bar')?.textContent ?? '',
      ),
    );
    await wb.page.keyboard.press('h');
    const content = await waitForFile(file, (c) => !c.includes('conflict:'));
    await bar.waitFor({ state: 'hidden', timeout: 5000 });
    const sidecar = parseSidecar(content);
    assert.ok(sidecar.ok);
    assert.deepEqual(
      sidecar.sidecar.annotations.map((a) => [a.id, a.note]),
      [['act1', 'note of A']],
    );
  });
});
